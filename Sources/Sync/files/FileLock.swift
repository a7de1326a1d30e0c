import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on `FILE.lock`, held for a whole run, so that two runs never share a state file or a journal.
///
/// Two nightly runs that overlap would both send everything and lose each other's journal lines, and an old export's
/// run could re-enable a leaver that a newer run had just disabled. The lock lives in a side file because the state
/// is replaced by rename (a lock on the old inode would not stop a second run opening the new one). The side file
/// holds the holder's pid, for the message; it is never deleted (deleting a lock file races with the next locker).
/// The kernel drops the lock when the process dies, so a crash never leaves a stale lock.
public final class FileLock {
    public let path: String
    private let descriptor: Int32

    /// Takes the lock or throws at once (never waits).
    public init(guarding file: String) throws(LockError) {
        path = file + ".lock"
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw LockError.cannotOpen(file: file, lock: path, reason: String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            let holder = Self.readPid(fd)
            close(fd)
            if busy { throw LockError.held(file: file, pid: holder) }
            throw LockError.cannotOpen(file: file, lock: path, reason: reason)
        }
        descriptor = fd
        let pid = Data("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func readPid(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
        guard count > 0 else { return nil }
        return Int32(
            String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Why a run could not take its lock.
public enum LockError: Error, Sendable, Equatable, LocalizedError {
    /// Another process holds it: the run exits 75 at once (try again when that run has finished).
    case held(file: String, pid: Int32?)
    case cannotOpen(file: String, lock: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .held(let file, let pid):
            let holder = pid.map { " (pid \($0))" } ?? ""
            return "another provision run holds \(file)\(holder); nothing was sent. Run again when it has finished "
                + "(two runs sharing a state file or journal would send everything twice and lose journal lines)"
        case .cannotOpen(let file, let lock, let reason):
            return "cannot lock \(file) (lock file \(lock): \(reason)); nothing was sent"
        }
    }
}
