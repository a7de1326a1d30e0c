import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a snapshot so that it appears whole or not at all: the records go to a temporary file beside the final
/// path (created new, mode 0600: it names people), which is fsynced and renamed into place only by `commit()`. Until
/// then a previous snapshot at the path is untouched; `discard()` (or dropping the writer) removes the temporary file.
/// A page being read can be taken back (`mark()`/`rollback(to:)`) when it turns out broken and is asked for again.
final class SnapshotWriter {
    let path: String
    let source: String
    let temporaryPath: String
    private var descriptor: Int32
    private var pending: [UInt8] = []
    private var written = 0
    private(set) var bytes = 0
    private var finished = false
    private static let flushSize = 1 << 16

    init(path: String, source: String) throws(SourceError) {
        self.path = path
        self.source = source
        let fail = { (reason: String) in SourceError(source: source, kind: .snapshot(path: path, reason: reason)) }
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG, (info.st_mode & S_IFMT) != S_IFLNK {
            throw fail("something other than a regular file is there; name a file")
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        temporaryPath = directory + "/." + url.lastPathComponent + ".\(getpid()).\(suffix).partial"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw fail(String(cString: strerror(errno))) }
        pending.reserveCapacity(Self.flushSize + 4096)
    }

    deinit { discard() }

    /// One record, and its line feed.
    func append(_ line: [UInt8]) throws(SourceError) {
        pending += line
        pending.append(0x0A)
        bytes += line.count + 1
        if pending.count >= Self.flushSize { try flush() }
    }

    /// Where the records written so far end.
    func mark() -> Int { bytes }

    /// Forgets every record after `mark`.
    func rollback(to mark: Int) throws(SourceError) {
        guard mark < bytes else { return }
        if mark >= written {
            pending.removeLast(bytes - mark)
        } else {
            pending.removeAll(keepingCapacity: true)
            guard ftruncate(descriptor, off_t(mark)) == 0, lseek(descriptor, off_t(mark), SEEK_SET) >= 0 else {
                throw failure(errno)
            }
            written = mark
        }
        bytes = mark
    }

    /// Flushes, fsyncs and renames the snapshot into place (and fsyncs its directory, so that the rename survives a
    /// crash).
    func commit() throws(SourceError) {
        try flush()
        guard fsync(descriptor) == 0 else { throw failure(errno) }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            unlink(temporaryPath)
            finished = true
            throw failure(code)
        }
        finished = true
        let directory = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    /// Removes the temporary file; the final path is left as it was.
    func discard() {
        guard !finished else { return }
        finished = true
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
    }

    private func flush() throws(SourceError) {
        var offset = 0
        while offset < pending.count {
            let count = pending.withUnsafeBytes { raw in
                write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw failure(count == 0 ? EIO : errno) }
            offset += count
        }
        written += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    private func failure(_ code: Int32) -> SourceError {
        SourceError(source: source, kind: .snapshot(path: path, reason: String(cString: strerror(code))))
    }
}
