import Foundation
import Token

#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a crash leaves either the old content or the new, never a torn file, with mode 0600
/// because reports and state name people.
package enum AtomicFile {
    /// Written where `path` leads (`ResolvedPath`): a symlinked output stays a link to one file. Only a regular file
    /// is ever replaced: a device node, a FIFO or a directory at the path is refused, never swapped for a file.
    ///
    /// - Parameter sync: fsync before the rename (reports, state); skipped for bulk dry-run output.
    package static func write(_ data: Data, to path: String, mode: mode_t = 0o600, sync: Bool = true) throws(FileError)
    {
        let target = try ResolvedPath.replaceable(path)
        let url = URL(fileURLWithPath: target)
        let name = ".\(url.lastPathComponent).\(getpid()).tmp"
        let temporary = url.deletingLastPathComponent().appendingPathComponent(name).path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        let failure = writeAll(data, to: fd, sync: sync)
        close(fd)
        if let failure {
            unlink(temporary)
            throw FileError.cannotWrite(path: path, reason: String(cString: strerror(failure)))
        }
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw FileError.cannotWrite(path: path, reason: reason)
        }
    }
}

/// Writes every byte of `data` to `fd` (retrying short writes), then fsyncs if asked; the errno of a failure, or nil.
func writeAll(_ data: Data, to fd: Int32, sync: Bool) -> Int32? {
    data.withUnsafeBytes { buffer -> Int32? in
        var written = 0
        while written < buffer.count {
            let count = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return count == 0 ? EIO : errno }
            written += count
        }
        return !sync || fsync(fd) == 0 ? nil : errno
    }
}

/// A file the run had to write and could not.
package enum FileError: Error, Sendable, Equatable, LocalizedError {
    case cannotWrite(path: String, reason: String)
    /// A device node, a FIFO or a directory where an output was to be written: never replaced.
    case notRegular(path: String, kind: String)

    package var errorDescription: String? {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .notRegular(let path, let kind): "cannot write \(path): \(FileError.notRegularReason(kind))"
        }
    }

    package var path: String {
        switch self {
        case .cannotWrite(let path, _), .notRegular(let path, _): path
        }
    }

    /// Why an output is not written over `kind` (e.g. "a character device").
    static func notRegularReason(_ kind: String) -> String {
        "it is \(kind), not a regular file, and an output is only ever written to a regular file (or a new one); "
            + "name a file"
    }
}
