import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An append-only record of accepted batches, written as each batch is accepted (one fsync'd JSON line each), so that
/// after a crash, `kill -9`, reboot or exit 69, `--resume` sends only what was not accepted.
///
/// The first line identifies the run: the input's content hash, the mapping's, and the options that shape batches. A
/// torn last line (killed mid-write) is ignored; every complete line is trusted.
final class Journal {
    struct Header: Codable, Equatable {
        var kind = "run"
        var input: String
        var inputDigest: String
        var mappingDigest: String?
        var optionsDigest: String
        var batches: Int
        var endpoint: String
        var jobId: String
        var startedAt: Date
        /// How to read the input again (for `provision status --failed`).
        var delimiter: String?
        var encoding: String?
        /// Records the run set out to send; a journal holding that many accepted is finished.
        var records: Int?
    }

    struct Accepted: Codable {
        var kind = "accepted"
        var batch: Int
        var records: Int
        var clientRequestId: String?
        var at: Date
        var externalIds: [String]
        var lines: [Int]
    }

    let path: String
    private let descriptor: Int32
    private let encoder: JSONEncoder

    /// Opens (creating with mode 0600) for appending.
    init(path: String) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard descriptor >= 0 else { throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    deinit { close(descriptor) }

    /// Starts a new journal (truncating any old one).
    static func create(path: String, header: Header) throws -> Journal {
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        let journal = try Journal(path: path)
        try journal.append(header)
        return journal
    }

    func append(_ entry: some Encodable) throws {
        var line = try encoder.encode(entry)
        line.append(0x0A)
        if let failure = writeAll(line, to: descriptor, sync: true) {
            throw FileError.cannotWrite(path: path, reason: String(cString: strerror(failure)))
        }
    }

    /// What a journal file holds.
    struct Contents {
        let header: Header
        let accepted: [Accepted]
        /// The process died while writing its last line (that line is ignored).
        let tornLine: Bool
    }

    /// What an earlier run recorded: its header and accepted batches. nil when there is no journal.
    static func read(path: String) throws -> Contents? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: true)
        guard let first = lines.first, let header = try? decoder.decode(Header.self, from: Data(first)) else {
            throw JournalError.unreadable(path: path)
        }
        var accepted: [Accepted] = []
        var torn = false
        for (index, line) in lines.dropFirst().enumerated() {
            if let entry = try? decoder.decode(Accepted.self, from: Data(line)) {
                accepted.append(entry)
            } else if index == lines.count - 2 {
                torn = true  // the process died while writing its last line
            } else {
                throw JournalError.unreadable(path: path)
            }
        }
        return Contents(header: header, accepted: accepted, tornLine: torn)
    }
}

enum JournalError: Error, LocalizedError {
    case unreadable(path: String)

    var errorDescription: String? {
        switch self {
        case .unreadable(let path): "the journal \(path) is damaged; move it away and run without --resume (records already accepted will be sent again, which is safe: the service matches on externalId)"
        }
    }
}
