import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening a file that must be a regular one without ever blocking: a FIFO named as a credential file would hold
/// `open` until some writer came along (forever, for a cron job). The file is opened non-blocking and judged on its
/// descriptor, so the file read is the file checked; only then is the descriptor made blocking again.
package enum RegularFile {
    /// Why a path cannot be read as a regular file.
    package enum Failure: Error, Sendable, Equatable {
        /// `open` failed; `reason` is strerror's text.
        case cannotOpen(reason: String)
        /// It is something else, e.g. "a FIFO (named pipe)".
        case notRegular(kind: String)
        /// Larger than the caller's limit (bytes).
        case tooLarge(limit: Int)

        /// "cannot read it (…)", "it is a FIFO (named pipe), not a regular file" or "it is larger than 1024 KiB".
        package var description: String {
            switch self {
            case .cannotOpen(let reason): "cannot read it (\(reason))"
            case .notRegular(let kind): "it is \(kind), not a regular file"
            case .tooLarge(let limit): "it is larger than \(limit / 1024) KiB"
            }
        }
    }

    /// A descriptor of `path` open for reading (the caller closes it), and its `fstat`.
    package static func openForReading(_ path: String) throws(Failure) -> (descriptor: Int32, info: stat) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { throw .cannotOpen(reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .cannotOpen(reason: reason)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw .notRegular(kind: kind(mode: info.st_mode))
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return (descriptor, info)
    }

    /// The whole of `path`, refused beyond `limit` bytes.
    package static func read(_ path: String, limit: Int) throws(Failure) -> Data {
        let (descriptor, info) = try openForReading(path)
        defer { close(descriptor) }
        guard info.st_size <= limit else { throw .tooLarge(limit: limit) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw .cannotOpen(reason: (error as NSError).localizedDescription)
        }
    }

    /// What a file of `mode` is, with its article: "a directory", "a FIFO (named pipe)", "a character device", …
    package static func kind(mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "a regular file"
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "a special file"
        }
    }
}
