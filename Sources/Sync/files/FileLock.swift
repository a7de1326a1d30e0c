import Foundation
import Token

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a state file or journal, held for a whole run, so that two runs never share one.
///
/// Two nightly runs that overlap would both send everything and lose each other's journal lines, and an old export's
/// run could re-enable a leaver that a newer run had just disabled. The lock is on the file's identity, not on the
/// name it was given, so that a symlink or a hard link to the same file cannot let a second run in:
/// - `flock` on `TARGET.lock`, beside the file the path resolves to (`ResolvedPath`): the state is replaced by rename,
///   so a lock on its inode alone would not stop a run that opens the new one;
/// - `flock` on the file itself (its device and inode) when it exists: a hard link has another name and another side
///   file, but the same inode.
///
/// The side file is opened with `O_NOFOLLOW` (a symlink planted there is refused, never followed) and must be a
/// regular file holding nothing but a process id: the run writes its pid into it (for the message) without ever
/// truncating a file it did not create. It is never deleted (deleting a lock file races with the next locker). The
/// kernel drops the locks when the process dies, so a crash never leaves a stale lock.
package final class FileLock {
    package let path: String
    private let descriptors: [Int32]

    /// The pid is written in a fixed width, so that it always covers what an earlier run wrote there.
    static let pidWidth = 11

    /// Takes the lock or throws at once (never waits).
    package init(guarding file: String) throws(LockError) {
        let target: String
        do {
            target = try ResolvedPath.of(file)
        } catch {
            throw LockError.cannotOpen(file: file, lock: file + ".lock", reason: error.description)
        }
        path = target + ".lock"
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var taken: [Int32] = []
        do throws(LockError) {
            let side = try Self.openSideFile(path, file: file)
            taken.append(side.fd)
            try Self.lock(side.fd, file: file, holder: Self.readPid(path))
            guard side.created || Self.holdsOnlyAPid(side.fd) else {
                throw LockError.cannotOpen(
                    file: file, lock: path,
                    reason: "it holds something other than a process id, so provision did not make it; it is left "
                        + "as it is: move it away")
            }
            let digits = String(getpid())
            let padding = String(repeating: " ", count: max(0, Self.pidWidth - 1 - digits.count))
            let pid = Data((padding + digits + "\n").utf8)
            _ = pid.withUnsafeBytes { pwrite(side.fd, $0.baseAddress, $0.count, 0) }
            // The file itself, by identity: a hard link to it has another name, and another side file.
            if let identity = try Self.openTarget(target, file: file) {
                taken.append(identity)
                try Self.lock(identity, file: file, holder: Self.flockHolder(of: identity))
            }
        } catch {
            for fd in taken { close(fd) }
            throw error
        }
        descriptors = taken
    }

    deinit {
        for fd in descriptors {
            flock(fd, LOCK_UN)
            close(fd)
        }
    }

    /// The side file, created here or found; never through a symlink, never anything but a regular file.
    private static func openSideFile(_ path: String, file: String) throws(LockError) -> (fd: Int32, created: Bool) {
        let flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY
        var fd = open(path, flags | O_CREAT | O_EXCL, 0o600)
        let created = fd >= 0
        if !created, errno == EEXIST { fd = open(path, flags) }
        guard fd >= 0 else {
            let reason =
                errno == ELOOP
                ? "it is a symbolic link, which is never followed (it could point at any file): remove it"
                : String(cString: strerror(errno))
            throw LockError.cannotOpen(file: file, lock: path, reason: reason)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1 else {
            close(fd)
            let reason =
                (info.st_mode & S_IFMT) == S_IFREG
                ? "it has other names (hard links), so it may be another file: move it away"
                : "it is \(RegularFile.kind(mode: info.st_mode)), not a regular file: move it away"
            throw LockError.cannotOpen(file: file, lock: path, reason: reason)
        }
        return (fd, created)
    }

    /// The guarded file itself, when it exists; it must be a regular file (a FIFO or a device is refused).
    private static func openTarget(_ target: String, file: String) throws(LockError) -> Int32? {
        let fd = open(target, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            if let kind = ResolvedPath.irregularKind(target) { throw LockError.notRegular(file: file, kind: kind) }
            throw LockError.cannotOpen(file: file, lock: target, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw LockError.notRegular(file: file, kind: RegularFile.kind(mode: info.st_mode))
        }
        return fd
    }

    /// `holder` is evaluated only when the lock is busy.
    private static func lock(_ fd: Int32, file: String, holder: @autoclosure () -> Int32?) throws(LockError) {
        guard flock(fd, LOCK_EX | LOCK_NB) != 0 else { return }
        if errno == EWOULDBLOCK { throw LockError.held(file: file, pid: holder()) }
        throw LockError.cannotOpen(file: file, lock: file, reason: String(cString: strerror(errno)))
    }

    /// Whether the side file is empty or holds one process id (what this or an earlier run wrote).
    private static func holdsOnlyAPid(_ fd: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: pidWidth + 1)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, pidWidth + 1, 0) }
        guard count >= 0, count <= pidWidth else { return false }
        return buffer.prefix(count).allSatisfy { (0x30...0x39).contains($0) || $0 == 0x20 || $0 == 0x0A }
    }

    /// The pid in a side file.
    private static func readPid(_ path: String) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
        guard count > 0 else { return nil }
        return Int32(
            String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Who holds the `flock` on the file open at `fd`: its holder reached it by another name, so its pid is not in
    /// this name's side file; Linux lists it in /proc/locks by device and inode.
    private static func flockHolder(of fd: Int32) -> Int32? {
        var info = stat()
        guard fstat(fd, &info) == 0, let table = procLocks() else { return nil }
        // The kernel prints MAJOR:MINOR in hex; st_dev encodes the major in bits 8-19, the minor in 0-7 and 20-31.
        let device = UInt64(info.st_dev)
        let (major, minor) = ((device >> 8) & 0xfff, (device & 0xff) | ((device >> 12) & 0xfff00))
        let identity = String(format: "%02llx:%02llx:%llu", major, minor, UInt64(info.st_ino))
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count > 5, fields[1] == "FLOCK", fields[5] == identity, let pid = Int32(fields[4]) { return pid }
        }
        return nil
    }

    /// /proc/locks read to its end: it lists every lock on the machine, and procfs reports a size of 0, so
    /// `String(contentsOfFile:)` stops after the first page (a busy machine's holder was then not found).
    private static func procLocks() -> String? {
        let fd = open("/proc/locks", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < 16 << 20 {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk.prefix(count))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Why a run could not take its lock.
package enum LockError: Error, Sendable, Equatable, LocalizedError {
    /// Another process holds it: the run exits 75 at once (try again when that run has finished).
    case held(file: String, pid: Int32?)
    case cannotOpen(file: String, lock: String, reason: String)
    /// The state or journal is a FIFO, a device or a directory: nothing can be kept there (exit 73).
    case notRegular(file: String, kind: String)

    package var errorDescription: String? {
        switch self {
        case .held(let file, let pid):
            let holder = pid.map { " (pid \($0))" } ?? ""
            return "another provision run holds \(file)\(holder); nothing was sent. Run again when it has finished "
                + "(two runs sharing a state file or journal would send everything twice and lose journal lines)"
        case .cannotOpen(let file, let lock, let reason):
            return "cannot lock \(file) (lock file \(lock): \(reason)); nothing was sent"
        case .notRegular(let file, let kind):
            return "\(file) is \(kind), not a regular file, so the state or journal cannot be kept there; name a "
                + "file (a new one is created); nothing was sent"
        }
    }
}
