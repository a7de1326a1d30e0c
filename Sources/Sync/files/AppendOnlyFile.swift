import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Appends to a file that others write too (GitHub's step summary holds every earlier step's): opened with
/// `O_APPEND` and never replaced, so a file this account may not write is an error naming it, not a reason to put a
/// new file in its place.
package enum AppendOnlyFile {
    package static func append(_ data: Data, to path: String) throws(FileError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0o644)
        guard fd >= 0 else { throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        if let failure = writeAll(data, to: fd, sync: false) {
            throw FileError.cannotWrite(path: path, reason: String(cString: strerror(failure)))
        }
    }
}
