import CSV
import Foundation

/// Where the reader's bytes come from: a file read in chunks (`ByteSource`, shared with the CSV reader: BOM
/// detection, UTF-16 decoding, an observer that sees every raw byte for hashing), or bytes already in memory (an HTTP
/// page), copied out a chunk at a time into the same buffer.
final class JSONInput {
    private enum Storage {
        case file(ByteSource)
        case memory(Data, offset: Int)
    }

    private var storage: Storage
    let chunkSize: Int
    /// The most bytes one `read(into:)` writes.
    let maxOutput: Int
    /// Leading bytes skipped as a BOM.
    let bomLength: Int

    init(path: String, chunkSize: Int, observer: ((UnsafeRawBufferPointer) -> Void)?) throws(JSONRecordsError) {
        do {
            let source = try ByteSource(path: path, encoding: nil, chunkSize: chunkSize, observer: observer)
            storage = .file(source)
            maxOutput = source.maxOutput
            bomLength = source.bomLength
        } catch {
            throw Self.translate(error, source: path)
        }
        self.chunkSize = chunkSize
    }

    init(data: Data, chunkSize: Int) {
        // A UTF-8 BOM is skipped, as a file's is.
        let bom = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        storage = .memory(data, offset: data.startIndex + bom)
        bomLength = bom
        self.chunkSize = chunkSize
        maxOutput = chunkSize
    }

    /// Writes the next bytes at `out` (at most `maxOutput`); 0 only at the end.
    func read(into out: UnsafeMutablePointer<UInt8>, source: String) throws(JSONRecordsError) -> Int {
        switch storage {
        case .file(let bytes):
            do { return try bytes.read(into: out) } catch { throw Self.translate(error, source: source) }
        case .memory(let data, let offset):
            let count = min(chunkSize, data.endIndex - offset)
            guard count > 0 else { return 0 }
            data.copyBytes(to: out, from: offset..<offset + count)
            storage = .memory(data, offset: offset + count)
            return count
        }
    }

    /// Raw bytes consumed so far (for progress).
    var rawBytesRead: Int {
        switch storage {
        case .file(let bytes): bytes.rawBytesRead
        case .memory(let data, let offset): offset - data.startIndex
        }
    }

    /// Whether the bytes are the file's own UTF-8 (offsets in them are file offsets), not decoded from UTF-16.
    var isUTF8: Bool {
        switch storage {
        case .file(let bytes): bytes.needsValidation
        case .memory: true
        }
    }

    private static func translate(_ error: Error, source: String) -> JSONRecordsError {
        switch error as? CSVError {
        case .cannotOpen(_, let reason)?: JSONRecordsError(source: source, problem: .cannotOpen(reason: reason))
        case .readFailed(_, let reason)?: JSONRecordsError(source: source, problem: .readFailed(reason: reason))
        case .invalidUTF16(_, let line, let offset)?:
            JSONRecordsError(
                source: source, problem: .invalidUTF16,
                location: JSONLocation(line: line, column: 1, byteOffset: offset))
        default: JSONRecordsError(source: source, problem: .readFailed(reason: String(describing: error)))
        }
    }
}
