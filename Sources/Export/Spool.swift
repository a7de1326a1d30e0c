import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An anonymous temporary file holding each valid record's encoded `data` object, so that records can be sent in
/// reporting order without holding a million payloads in memory. The file is unlinked as soon as it is created, so
/// it disappears however the process ends.
package final class Spool: @unchecked Sendable {
    // @unchecked: written by one owner during pass one; after `finishWriting()` only `pread` touches it.
    private let descriptor: Int32
    /// Where the spool was made (it has no name of its own: it is unlinked at once), for messages.
    package let directory: String
    private var buffer: [UInt8] = []
    private var flushedBytes: Int64 = 0
    package private(set) var size: Int64 = 0

    package init(directory: String = NSTemporaryDirectory()) throws {
        var template =
            Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast())
            + Array("provision-spool-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SpoolError.cannotCreate(directory: directory, errno: errno) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
        self.directory = directory
        buffer.reserveCapacity(1 << 20)
    }

    deinit { close(descriptor) }

    /// Appends bytes; returns their offset.
    package func append(_ bytes: [UInt8]) throws -> Int64 {
        let offset = size
        buffer.append(contentsOf: bytes)
        size += Int64(bytes.count)
        if buffer.count >= 1 << 20 { try flush() }
        return offset
    }

    /// Ends writing. After this the spool is read-only, and `read` (a bare `pread`) is safe from any thread.
    package func finishWriting() throws { try flush() }

    package func read(offset: Int64, length: Int) throws -> [UInt8] {
        precondition(buffer.isEmpty, "finishWriting() before reading")
        var result = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let count = result.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + done, length - done, off_t(offset) + off_t(done))
            }
            guard count > 0 else { throw SpoolError.readFailed(directory: directory, errno: count < 0 ? errno : EIO) }
            done += count
        }
        return result
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        var done = 0
        while done < buffer.count {
            let count = buffer.withUnsafeBytes {
                pwrite(descriptor, $0.baseAddress! + done, buffer.count - done, off_t(flushedBytes) + off_t(done))
            }
            guard count > 0 else { throw SpoolError.writeFailed(directory: directory, errno: errno) }
            done += count
        }
        flushedBytes += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }
}

package enum SpoolError: Error, LocalizedError {
    case cannotCreate(directory: String, errno: Int32)
    case writeFailed(directory: String, errno: Int32)
    case readFailed(directory: String, errno: Int32)

    package var errorDescription: String? {
        switch self {
        case .cannotCreate(let directory, let code):
            "cannot create a temporary file in \(directory): \(String(cString: strerror(code))) (set TMPDIR)"
        case .writeFailed(let directory, let code):
            "cannot write the temporary spool file in \(directory): \(String(cString: strerror(code)))"
        case .readFailed(let directory, let code):
            "cannot read the temporary spool file in \(directory): \(String(cString: strerror(code)))"
        }
    }
}
