import Foundation
import Token

#if canImport(Glibc)
import Glibc
#endif

/// Refuses a run whose output files would overwrite one of its inputs (or each other): `--report export.csv` must
/// never replace the HR export. Files are compared by device and inode, so symlinks and hard links are caught too.
/// An output must be a regular file or a new one: a device node, a FIFO or a directory is refused before anything
/// is read (`AtomicFile` refuses them again when writing).
package enum OutputPaths {
    /// One file a command reads or writes, and the option that named it (for the message).
    package struct Named: Sendable {
        package let option: String
        package let path: String

        package init(_ option: String, _ path: String) {
            self.option = option
            self.path = path
        }
    }

    /// Throws when an output is the same file as an input or as another output (exit 64), or is not a regular file
    /// (exit 73).
    package static func check(outputs: [Named], inputs: [Named]) throws(SyncError) {
        for output in outputs {
            let target: String
            do {
                target = try ResolvedPath.of(output.path)
            } catch {
                throw .cannotCreate("\(output.option) \(output.path): \(error.description)")
            }
            if let kind = ResolvedPath.irregularKind(target) {
                throw .cannotCreate("\(output.option) \(output.path): \(FileError.notRegularReason(kind))")
            }
        }
        let existingInputs = inputs.compactMap { named in identity(of: named.path).map { (named, $0) } }
        var seenOutputs: [(Named, FileIdentity)] = []
        var plannedOutputs: [(Named, String)] = []
        for output in outputs {
            let standard = URL(fileURLWithPath: output.path).standardizedFileURL.path
            if let twin = plannedOutputs.first(where: { $0.1 == standard }) {
                throw clash(output, twin.0, what: "output")
            }
            plannedOutputs.append((output, standard))
            // Not there yet: it can only clash with another output named by the same path (checked above).
            guard let id = identity(of: output.path) else { continue }
            if let input = existingInputs.first(where: { $0.1 == id }) { throw clash(output, input.0, what: "input") }
            if let twin = seenOutputs.first(where: { $0.1 == id }) { throw clash(output, twin.0, what: "output") }
            seenOutputs.append((output, id))
        }
    }

    private static func clash(_ output: Named, _ other: Named, what: String) -> SyncError {
        // "the input users.csv", "the input --mapping m.json": a name that says what it is is not prefixed again.
        let other =
            other.option.hasPrefix("the ")
            ? "\(other.option) \(other.path)" : "the \(what) \(other.option) \(other.path)"
        return .usage(
            "\(output.option) \(output.path) is the same file as \(other); writing it would destroy that file. Name "
                + "another path")
    }

    struct FileIdentity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    static func identity(of path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
