#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// Reads a file in fixed-size raw chunks and hands them out as UTF-8 bytes, detecting or skipping the BOM.
///
/// Holds only one raw chunk at a time, so memory stays flat however large the file is. One owner, not thread-safe:
/// it belongs to a single reader (`CSVReader`, or the JSON records reader, which shares this chunked reading and its
/// BOM and encoding rules).
package final class ByteSource {
    enum Mode {
        case utf8
        case utf16(UTF16Transcoder)
        case singleByte(SingleByteTranscoder)
    }

    package let path: String
    /// Length of the BOM that was skipped (0 when there was none).
    package private(set) var bomLength: Int
    /// Raw bytes read from the file so far (BOM included).
    package private(set) var rawBytesRead = 0
    /// The most bytes one `read(into:)` call writes.
    package let maxOutput: Int
    private(set) var mode: Mode
    /// Whether the output still has to be checked for valid UTF-8 (transcoders only ever produce valid UTF-8).
    package var needsValidation: Bool {
        if case .utf8 = mode { return true }
        return false
    }

    private let descriptor: Int32
    private let chunkSize: Int
    private let raw: UnsafeMutablePointer<UInt8>
    /// Bytes read while sniffing the BOM that still have to be decoded.
    private var sniffed: [UInt8]
    /// File offset of the next raw byte to decode.
    private var rawOffset: Int
    private var atEnd = false
    /// A UTF-16 error found after some valid output: thrown by the next call, so that the parser first sees
    /// everything before the bad code unit (the same order as UTF-8 errors).
    private var deferredError: CSVError?

    /// Sees every raw byte read from the file, once, in order (for hashing the input while it streams).
    private let observer: ((UnsafeRawBufferPointer) -> Void)?

    package init(
        path: String, encoding: TextEncoding?, chunkSize: Int, observer: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws {
        self.path = path
        self.observer = observer
        self.chunkSize = max(1, chunkSize)
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CSVError.cannotOpen(path: path, reason: Self.lastErrorText()) }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw CSVError.cannotOpen(path: path, reason: "it is a directory")
        }
        // The up-to-3 sniffed BOM bytes are decoded from `raw` too, so it holds at least 3 even for tinier chunks.
        raw = .allocate(capacity: max(self.chunkSize, 3))
        sniffed = []
        rawOffset = 0
        mode = .utf8
        bomLength = 0
        maxOutput = SingleByteTranscoder.maxOutput(forInput: self.chunkSize) + 8

        // Three bytes decide the BOM; read them even when chunkSize is smaller.
        var head = [UInt8](repeating: 0, count: 3)
        var have = 0
        while have < 3 {
            let count = try head.withUnsafeMutableBufferPointer {
                try readRaw(into: $0.baseAddress! + have, count: 3 - have)
            }
            if count == 0 { break }
            have += count
        }
        head.removeLast(3 - have)
        let (selected, bom) = Self.detect(head, requested: encoding)
        switch selected {
        case .utf8: mode = .utf8
        case .utf16le: mode = .utf16(UTF16Transcoder(bigEndian: false))
        case .utf16be: mode = .utf16(UTF16Transcoder(bigEndian: true))
        case .windows1252: mode = .singleByte(SingleByteTranscoder(windows1252: true))
        case .latin1: mode = .singleByte(SingleByteTranscoder(windows1252: false))
        }
        bomLength = bom
        rawOffset = bom
        sniffed = Array(head.dropFirst(bom))
    }

    deinit {
        close(descriptor)
        raw.deallocate()
    }

    /// The encoding to use and how many leading bytes are its BOM. No service fact decides this; it is what HR exports
    /// do: Excel writes a UTF-8 BOM, "Unicode text" exports are UTF-16 LE with a BOM.
    static func detect(_ head: [UInt8], requested: TextEncoding?) -> (TextEncoding, Int) {
        let utf8BOM = head.starts(with: [0xEF, 0xBB, 0xBF])
        let leBOM = head.starts(with: [0xFF, 0xFE])
        let beBOM = head.starts(with: [0xFE, 0xFF])
        switch requested {
        case nil:
            if utf8BOM { return (.utf8, 3) }
            if leBOM { return (.utf16le, 2) }
            if beBOM { return (.utf16be, 2) }
            return (.utf8, 0)
        case .utf8?: return (.utf8, utf8BOM ? 3 : 0)
        case .utf16le?: return (.utf16le, leBOM ? 2 : 0)
        case .utf16be?: return (.utf16be, beBOM ? 2 : 0)
        case let other?: return (other, 0)
        }
    }

    /// Writes the next decoded UTF-8 bytes at `out` (at most `maxOutput`); returns 0 only at end of file.
    package func read(into out: UnsafeMutablePointer<UInt8>) throws -> Int {
        while true {
            if let error = deferredError { throw error }
            if atEnd { return 0 }
            let base = rawOffset
            let count: Int
            if !sniffed.isEmpty {
                count = sniffed.count
                sniffed.withUnsafeBufferPointer { raw.update(from: $0.baseAddress!, count: count) }
                sniffed = []
            } else {
                count = try readRaw(into: raw, count: chunkSize)
            }
            rawOffset += count
            let input = UnsafeBufferPointer(start: raw, count: count)
            switch mode {
            case .utf8:
                out.update(from: raw, count: count)
                if count == 0 { atEnd = true }
                return count
            case .singleByte(let transcoder):
                if count == 0 { atEnd = true }
                return transcoder.transcode(input, into: out)
            case .utf16(var transcoder):
                let (written, invalid) = transcoder.transcode(input, base: base, into: out)
                let atFileEnd = count == 0
                let finalInvalid = invalid ?? (atFileEnd ? transcoder.finish() : nil)
                mode = .utf16(transcoder)
                if let bad = finalInvalid {
                    let error = CSVError.invalidUTF16(path: path, line: bad.line, byteOffset: bad.byteOffset)
                    guard written > 0 else { throw error }
                    deferredError = error
                    return written
                }
                if atFileEnd { atEnd = true }
                // A lone byte or high surrogate produces no output yet: read on rather than signal the end.
                if written > 0 || atEnd { return written }
            }
        }
    }

    /// One `read(2)`, retried on EINTR.
    private func readRaw(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        while true {
            let result = systemRead(descriptor, buffer, count)
            if result >= 0 {
                rawBytesRead += result
                observer?(UnsafeRawBufferPointer(start: buffer, count: result))
                return result
            }
            if errno == EINTR { continue }
            throw CSVError.readFailed(path: path, reason: Self.lastErrorText())
        }
    }

    private static func lastErrorText() -> String { String(cString: strerror(errno)) }
}
