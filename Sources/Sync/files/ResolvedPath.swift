import Foundation
import Token

#if canImport(Glibc)
import Glibc
#endif

/// A path with the symbolic links of its last component followed (a relative target counts from the link's
/// directory), so that a symlinked state, journal or report stays one file: it is locked, read and replaced where it
/// really is, and the link is kept.
///
/// A link is followed as the kernel's `protected_symlinks` rule would let an `open` follow it: not when it sits in a
/// sticky world-writable directory (such as /tmp) and belongs neither to this account nor to the directory's owner,
/// since anyone could have planted it there to make the run write over another file.
package enum ResolvedPath {
    /// A link that is not followed.
    package struct Refusal: Error, Sendable, Equatable {
        package let link: String
        package let owner: UInt32

        package var description: String {
            "\(link) is a symbolic link owned by another account (uid \(owner)) in a directory anyone can write to, "
                + "so it is not followed (it could lead to any file): remove it, or name the file itself"
        }
    }

    /// The resolved path; `path` itself when it is not a link (or does not exist). A loop of links ends after 40
    /// steps at a link, which an `O_NOFOLLOW` open then refuses.
    package static func of(_ path: String) throws(Refusal) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK,
                let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current)
            else { return current }
            let directory = URL(fileURLWithPath: current).deletingLastPathComponent()
            var parent = stat()
            if stat(directory.path, &parent) == 0, parent.st_mode & S_ISVTX != 0, parent.st_mode & S_IWOTH != 0,
                info.st_uid != geteuid(), info.st_uid != parent.st_uid
            {
                throw Refusal(link: current, owner: UInt32(info.st_uid))
            }
            current = target.hasPrefix("/") ? target : directory.appendingPathComponent(target).path
        }
        return current
    }

    /// Where a file this run replaces really is (`of`), refused when it is a link that is not followed or something
    /// other than a regular file (a FIFO, a device, a directory), which is never replaced.
    static func replaceable(_ path: String) throws(FileError) -> String {
        let target: String
        do {
            target = try of(path)
        } catch {
            throw FileError.cannotWrite(path: path, reason: error.description)
        }
        if let kind = irregularKind(target) { throw FileError.notRegular(path: path, kind: kind) }
        return target
    }

    /// What is at `path` (links followed), when it exists and is not a regular file: e.g. "a FIFO (named pipe)".
    package static func irregularKind(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG else { return nil }
        return RegularFile.kind(mode: info.st_mode)
    }
}
