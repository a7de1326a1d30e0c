import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An append-only record of accepted batches, written as each batch is accepted (one fsync'd JSON line each), so that
/// after a crash, `kill -9`, reboot or exit 69, `--resume` sends only what was not accepted.
///
/// The first line identifies the run: the input's content hash, the mapping's, and the options that shape batches.
/// Every complete line ends in a newline and was fsync'd before the next batch was journalled; a last line without
/// one was torn by a crash or a full disk and is ignored (and cut off before the journal is appended to again).
package final class Journal {
    /// The first line: which run this is.
    package struct Header: Codable, Equatable, Sendable {
        package var kind = "run"
        package var input: String
        package var inputDigest: String
        /// The mapping file's path as given (for `status --failed` to find externalIds again).
        package var mapping: String?
        package var mappingDigest: String?
        package var optionsDigest: String
        package var batches: Int
        package var endpoint: String
        package var jobId: String
        package var startedAt: Date
        /// How to read the input again (for `provision status --failed`).
        package var delimiter: String?
        package var encoding: String?
        /// `--empty-as-null` (how to map the input again to the same payloads); nil in journals that predate it.
        package var emptyAsNull: Bool?
        /// Records the run set out to send; a journal holding that many accepted is finished.
        package var records: Int?
        /// How the input was read when it is not CSV (`json` or `ndjson`), and a JSON document's records path; nil in
        /// journals of CSV runs (and of older versions).
        package var format: String?
        package var recordsPath: String?
        /// The HR source the input is the snapshot of (its URL as shown, without secrets), when there is one.
        package var source: String?

        package init(
            input: String, inputDigest: String, mapping: String?, mappingDigest: String?, optionsDigest: String,
            batches: Int, endpoint: String, jobId: String, startedAt: Date, delimiter: String?, encoding: String?,
            records: Int?
        ) {
            self.input = input
            self.inputDigest = inputDigest
            self.mapping = mapping
            self.mappingDigest = mappingDigest
            self.optionsDigest = optionsDigest
            self.batches = batches
            self.endpoint = endpoint
            self.jobId = jobId
            self.startedAt = startedAt
            self.delimiter = delimiter
            self.encoding = encoding
            self.records = records
        }
    }

    /// One accepted batch: who was in it.
    package struct Accepted: Codable, Sendable {
        package var kind = "accepted"
        package var batch: Int
        package var records: Int
        package var clientRequestId: String?
        package var at: Date
        package var externalIds: [String]
        package var lines: [Int]
        /// Seconds between the service first taking this batch and `at`, when it took it more than once (a batch
        /// sent again after its managers'); nil when once.
        package var span: Double?
    }

    /// Records a heal sent again (`status --heal`): their log rows after `at` are this upload's too.
    package struct Resent: Codable, Sendable {
        package var kind = "resent"
        package var at: Date
        package var externalIds: [String]
    }

    /// The service enforced a lower rate limit than the run started at; the next run starts at it.
    package struct Limit: Codable, Sendable {
        package var kind = "limit"
        package var rate: String
        package var at: Date
    }

    package let path: String
    private let descriptor: Int32
    private let encoder: JSONEncoder

    /// Opens (creating with mode 0600) for appending, first cutting off a torn last line so the next line starts
    /// on a line of its own.
    init(path: String) throws(FileError) {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        descriptor = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try cutTornTail()
    }

    deinit { close(descriptor) }

    /// Starts a new journal (replacing any old one), where the path leads: a symlinked journal stays a link.
    static func create(path: String, header: Header) throws(FileError) -> Journal {
        let target = try ResolvedPath.replaceable(path)
        if FileManager.default.fileExists(atPath: target), unlink(target) != 0 {
            throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        let journal = try Journal(path: target)
        try journal.append(header)
        return journal
    }

    func append(_ entry: some Encodable) throws(FileError) {
        var line: Data
        do {
            line = try encoder.encode(entry)
        } catch {
            throw FileError.cannotWrite(path: path, reason: "cannot encode a journal line: \(error)")
        }
        line.append(0x0A)
        if let failure = writeAll(line, to: descriptor, sync: true) {
            // A partial line may be on disk now: cut it off, so that a later line does not run into it.
            try? cutTornTail()
            throw FileError.cannotWrite(path: path, reason: String(cString: strerror(failure)))
        }
    }

    /// Truncates the file after its last newline (a torn line was never complete).
    private func cutTornTail() throws(FileError) {
        let size = lseek(descriptor, 0, SEEK_END)
        guard size > 0 else { return }
        var keep = size
        var byte: UInt8 = 0
        // Scan back in small steps; journals are appended line by line, so the tail is short.
        while keep > 0 {
            guard pread(descriptor, &byte, 1, keep - 1) == 1 else { break }
            if byte == 0x0A { break }
            keep -= 1
        }
        guard keep < size else { return }
        if ftruncate(descriptor, keep) != 0 {
            throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// What a journal file holds.
    package struct Contents: Sendable {
        package let header: Header
        package let accepted: [Accepted]
        /// The last rate limit the run learnt, if it learnt one.
        package let learnedRate: String?
        /// What heals sent again.
        package var resent: [Resent] = []
        /// The last line was torn (a crash or a full disk while writing it) and was ignored.
        package let tornLine: Bool
    }

    /// What reading a journal found.
    package enum Reading: Sendable {
        /// No journal at that path.
        case absent
        /// A journal with no complete first line (created on a full disk, or killed while writing the header):
        /// it records nothing.
        case empty(tornBytes: Int)
        case contents(Contents)
    }

    /// Reads what an earlier run recorded. Throws (naming the file and line) only for a complete line that is not a
    /// journal entry: that is damage, not a crash, and guessing past it could resend or skip people.
    package static func read(path: String) throws(SyncError) -> Reading {
        guard FileManager.default.fileExists(atPath: path) else { return .absent }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SyncError.data("cannot read the journal \(path): \(error.localizedDescription)")
        }
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        // The segment after the last newline is empty for a complete journal, and torn otherwise.
        let torn = lines.removeLast()
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let first = lines.first else { return .empty(tornBytes: torn.count) }
        guard let header = try? decoder.decode(Header.self, from: Data(first)), header.kind == "run" else {
            throw damaged(path, line: 1, "its first line is not a run header")
        }
        var accepted: [Accepted] = []
        var learnedRate: String?
        var resent: [Resent] = []
        for (offset, line) in lines.enumerated().dropFirst() {
            if let limit = try? decoder.decode(Limit.self, from: Data(line)), limit.kind == "limit" {
                learnedRate = limit.rate
                continue
            }
            if let entry = try? decoder.decode(Resent.self, from: Data(line)), entry.kind == "resent" {
                resent.append(entry)
                continue
            }
            guard let entry = try? decoder.decode(Accepted.self, from: Data(line)), entry.kind == "accepted",
                entry.externalIds.count == entry.lines.count
            else { throw damaged(path, line: offset + 1, "the line is not an accepted-batch entry") }
            accepted.append(entry)
        }
        var contents = Contents(header: header, accepted: accepted, learnedRate: learnedRate, tornLine: !torn.isEmpty)
        contents.resent = resent
        return .contents(contents)
    }

    private static func damaged(_ path: String, line: Int, _ detail: String) -> SyncError {
        .data(
            "the journal \(path) is damaged at line \(line) (\(detail)); move it away and run without --resume "
                + "(records already accepted will be sent again, which is safe: the service matches on externalId)")
    }
}
