import Foundation

/// The commit of the git checkout a development build was built in, read from `.git` when `--version` asks: SwiftPM
/// runs no script on a plain `swift build`, and a build plugin would be a package dependency. Only a binary that
/// lives in that checkout's `.build` is answered for (an installed copy is stamped by `make release` instead), and
/// only when the checkout has not moved since the binary was built.
enum CheckoutCommit {
    /// `"1b09ca6"`; `"unknown (…)"` when the checkout moved after the build; nil when `executable` is not a build of
    /// the checkout `sourceFile` (a path in `Sources/<Module>/`) belongs to, or it has no readable git metadata.
    static func describe(sourceFile: String, executable: URL) -> String? {
        let root = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().standardizedFileURL
        let build = root.appendingPathComponent(".build").path + "/"
        guard
            executable.resolvingSymlinksInPath().standardizedFileURL.path.hasPrefix(build)
                || executable.standardizedFileURL.path.hasPrefix(build),
            let git = gitDirectory(root: root), let head = head(git)
        else { return nil }
        let short = String(head.commit.prefix(7))
        if let moved = head.movedAt, let built = modified(executable), built < moved {
            return "unknown: built before the checkout moved to \(short)"
        }
        return short
    }

    /// `.git` itself, or where a `.git` file points (`gitdir: …`, as in a worktree or a submodule).
    static func gitDirectory(root: URL) -> URL? {
        let dotGit = root.appendingPathComponent(".git")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return dotGit }
        guard let text = read(dotGit), text.hasPrefix("gitdir:") else { return nil }
        let path = text.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
    }

    /// The commit HEAD names, and when HEAD last moved (a commit, a checkout, a reset).
    static func head(_ git: URL) -> (commit: String, movedAt: Date?)? {
        guard let head = read(git.appendingPathComponent("HEAD")) else { return nil }
        // A worktree keeps HEAD in its own directory and the refs in the repository's (`commondir`).
        let common =
            read(git.appendingPathComponent("commondir")).map { path in
                path.hasPrefix("/") ? URL(fileURLWithPath: path) : git.appendingPathComponent(path)
            } ?? git
        let movedAt = [git.appendingPathComponent("logs/HEAD"), git.appendingPathComponent("HEAD")]
            .compactMap(modified).max()
        guard head.hasPrefix("ref:") else { return isCommit(head) ? (head, movedAt) : nil }
        let ref = head.dropFirst("ref:".count).trimmingCharacters(in: .whitespaces)
        for directory in [git, common] {
            if let commit = read(directory.appendingPathComponent(ref)), isCommit(commit) {
                return (commit, movedAt)
            }
        }
        // A packed ref: lines of "<commit> <ref>".
        for line in (read(common.appendingPathComponent("packed-refs")) ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[1] == ref, isCommit(String(parts[0])) { return (String(parts[0]), movedAt) }
        }
        return nil
    }

    private static func isCommit(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }

    private static func read(_ url: URL) -> String? {
        (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func modified(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }
}
