import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files that are not regular ones, for tests of what the client refuses to open, replace or lock.
package enum SpecialFiles {
    /// Makes a FIFO (named pipe) at `url`, mode 0600.
    @discardableResult
    package static func fifo(at url: URL) throws -> URL {
        guard mkfifo(url.path, 0o600) == 0 else { throw SpecialFileError.cannotMake(url.path, errno) }
        return url
    }

    /// Lets a reader blocked opening the FIFO at `url` go on (a writer appears and leaves at once).
    package static func releaseReaders(of url: URL) {
        let fd = open(url.path, O_WRONLY | O_NONBLOCK)
        if fd >= 0 { close(fd) }
    }

    /// Makes a character device node at `url` with the numbers of /dev/full (1, 7): only root may, so this throws
    /// for anyone else.
    @discardableResult
    package static func fullDevice(at url: URL) throws -> URL {
        // makedev(1, 7) on Linux (the macro is not imported): major in bits 8-19, minor in bits 0-7.
        guard mknod(url.path, S_IFCHR | 0o666, dev_t(1 << 8 | 7)) == 0 else {
            throw SpecialFileError.cannotMake(url.path, errno)
        }
        return url
    }

    /// A FIFO, a directory and a character device in `directory`, with their `kind`s: the device is made with mknod
    /// as root (the numbers of /dev/full); for anyone else it is /dev/full itself, which they cannot replace anyway.
    package static func irregular(in directory: URL) throws -> [(path: String, kind: String)] {
        let fifo = try fifo(at: directory.appendingPathComponent("fifo")).path
        let folder = directory.appendingPathComponent("dir")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let device = (try? fullDevice(at: directory.appendingPathComponent("full")))?.path ?? "/dev/full"
        return [(fifo, "fifo"), (folder.path, "dir"), (device, "char")]
    }

    /// What `lstat` says `path` is: "fifo", "char", "dir", "link", "file", or "missing".
    package static func kind(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return "missing" }
        switch info.st_mode & S_IFMT {
        case S_IFIFO: return "fifo"
        case S_IFCHR: return "char"
        case S_IFDIR: return "dir"
        case S_IFLNK: return "link"
        case S_IFREG: return "file"
        default: return "other"
        }
    }
}

package enum SpecialFileError: Error { case cannotMake(String, Int32) }

/// Runs `body` on its own thread and waits for it at most `seconds`: code that might block forever (an `open` of a
/// FIFO) is tested without hanging the test run. Nil when it had not returned in time; `release` is then called so
/// that the thread can end.
package func returnsWithin<T: Sendable>(
    seconds: Double, release: @escaping @Sendable () -> Void, _ body: @escaping @Sendable () -> T
) -> T? {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    Thread.detachNewThread {
        box.value = body()
        done.signal()
    }
    if done.wait(timeout: .now() + seconds) == .success { return box.value }
    release()
    _ = done.wait(timeout: .now() + 10)
    return nil
}

/// A value handed from one thread to another (written before a semaphore is signalled, read after).
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
