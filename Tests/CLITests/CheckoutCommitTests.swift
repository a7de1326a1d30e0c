import Foundation
import TestSupport
import Testing

@testable import ProvisionCLI

/// `--version` of a build from a git clone names the commit (read from the checkout's `.git`), and never a commit the
/// binary may not have been built from.
@Suite struct CheckoutCommitTests {
    static let commit = "1b09ca6f00d1e2a3b4c5d6e7f8091a2b3c4d5e6f"

    /// A checkout at `root`: its source file path and a built executable, HEAD written `headAge` seconds before the
    /// executable was built (negative: after).
    struct Checkout {
        let root: URL
        var source: String { root.appendingPathComponent("Sources/ProvisionCLI/BuildInfo.swift").path }
        var executable: URL { root.appendingPathComponent(".build/debug/provision") }
    }

    func checkout(_ workspace: Workspace, git: (URL) throws -> URL, headAge: Double = 60) throws -> Checkout {
        let checkout = Checkout(root: workspace.url("clone"))
        let manager = FileManager.default
        try manager.createDirectory(at: checkout.root, withIntermediateDirectories: true)
        let gitDirectory = try git(checkout.root)
        try manager.createDirectory(
            at: checkout.executable.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("binary".utf8).write(to: checkout.executable)
        let built = Date(timeIntervalSince1970: 1_800_000_000)
        try manager.setAttributes([.modificationDate: built], ofItemAtPath: checkout.executable.path)
        for name in ["HEAD", "logs/HEAD"]
        where manager.fileExists(atPath: gitDirectory.appendingPathComponent(name).path) {
            try manager.setAttributes(
                [.modificationDate: built.addingTimeInterval(-headAge)],
                ofItemAtPath: gitDirectory.appendingPathComponent(name).path)
        }
        return checkout
    }

    func write(_ text: String, _ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// A clone: `.git/HEAD` names a branch, the branch file holds the commit.
    func clone(_ root: URL) throws -> URL {
        let git = root.appendingPathComponent(".git")
        try write("ref: refs/heads/main\n", git.appendingPathComponent("HEAD"))
        try write(Self.commit + "\n", git.appendingPathComponent("refs/heads/main"))
        try write("0000 \(Self.commit) clone\n", git.appendingPathComponent("logs/HEAD"))
        return git
    }

    @Test func aBuildOfAGitCloneNamesItsCommit() throws {
        let workspace = try Workspace()
        let checkout = try checkout(workspace, git: clone)
        #expect(CheckoutCommit.describe(sourceFile: checkout.source, executable: checkout.executable) == "1b09ca6")
    }

    @Test func aPackedRefADetachedHeadAndAWorktreeAreRead() throws {
        let workspace = try Workspace()
        let packed = try checkout(
            workspace,
            git: { root in
                let git = root.appendingPathComponent(".git")
                try write("ref: refs/heads/main\n", git.appendingPathComponent("HEAD"))
                try write(
                    "# pack-refs with: peeled\n\(Self.commit) refs/heads/main\n",
                    git.appendingPathComponent("packed-refs"))
                return git
            })
        #expect(CheckoutCommit.describe(sourceFile: packed.source, executable: packed.executable) == "1b09ca6")

        let other = try Workspace()
        let detached = try checkout(
            other,
            git: { root in
                let git = root.appendingPathComponent(".git")
                try write(Self.commit + "\n", git.appendingPathComponent("HEAD"))
                return git
            })
        #expect(CheckoutCommit.describe(sourceFile: detached.source, executable: detached.executable) == "1b09ca6")

        let third = try Workspace()
        let worktree = try checkout(
            third,
            git: { root in
                let main = third.url("main/.git")
                try write(Self.commit + "\n", main.appendingPathComponent("refs/heads/topic"))
                let git = main.appendingPathComponent("worktrees/topic")
                try write("ref: refs/heads/topic\n", git.appendingPathComponent("HEAD"))
                try write("../..\n", git.appendingPathComponent("commondir"))
                try write("gitdir: \(git.path)\n", root.appendingPathComponent(".git"))
                return git
            })
        #expect(CheckoutCommit.describe(sourceFile: worktree.source, executable: worktree.executable) == "1b09ca6")
    }

    @Test func aCheckoutThatMovedAfterTheBuildIsNotClaimed() throws {
        let workspace = try Workspace()
        let checkout = try checkout(workspace, git: clone, headAge: -60)
        #expect(
            CheckoutCommit.describe(sourceFile: checkout.source, executable: checkout.executable)
                == "unknown: built before the checkout moved to 1b09ca6")
    }

    @Test func aBinaryOutsideTheCheckoutOrACheckoutWithoutGitIsNotAnswered() throws {
        let workspace = try Workspace()
        let checkout = try checkout(workspace, git: clone)
        let installed = workspace.url("usr/local/bin/provision")
        #expect(CheckoutCommit.describe(sourceFile: checkout.source, executable: installed) == nil)
        let tarball = try Workspace()
        let unpacked = try self.checkout(tarball, git: { $0.appendingPathComponent(".git") })
        #expect(CheckoutCommit.describe(sourceFile: unpacked.source, executable: unpacked.executable) == nil)
    }

    @Test func versionPrintsTheCommitOfThisBuild() async throws {
        let result = await InProcessCommand.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "provision \(BuildInfo.version) (commit \(BuildInfo.commit))\n")
    }
}
