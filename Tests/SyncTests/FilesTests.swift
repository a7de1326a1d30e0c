import Foundation
import Sync
import TestSupport
import Testing

@Suite struct FileLockTests {
    @Test func aSecondLockOnTheSameFileIsRefusedWithTheHoldersPid() throws {
        let workspace = try Workspace()
        let path = workspace.url("state.jsonl").path
        let first = try FileLock(guarding: path)
        #expect(throws: LockError.held(file: path, pid: getpid())) { try FileLock(guarding: path) }
        withExtendedLifetime(first) {}
    }

    @Test func theLockIsFreeAgainWhenItsHolderIsDropped() throws {
        let workspace = try Workspace()
        let path = workspace.url("state.jsonl").path
        do { _ = try FileLock(guarding: path) }
        let again = try FileLock(guarding: path)
        withExtendedLifetime(again) {}
    }
}

@Suite struct OutputPathsTests {
    @Test func anOutputThatIsAnInputIsRefusedEvenThroughASymlink() throws {
        let workspace = try Workspace()
        let input = try workspace.write("externalId\n1\n", to: "export.csv")
        let link = workspace.url("report.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: input)
        for path in [input.path, link.path] {
            #expect {
                try OutputPaths.check(outputs: [.init("--report", path)], inputs: [.init("the input", input.path)])
            } throws: { error in
                (error as? SyncError)?.exitStatus == .usage
                    && (error as? SyncError)?.localizedDescription.contains("same file as the input") == true
            }
        }
    }

    @Test func twoOutputsNamingOneFileAreRefusedAndDistinctFilesPass() throws {
        let workspace = try Workspace()
        let input = try workspace.write("externalId\n1\n", to: "export.csv")
        let report = workspace.url("r.json").path
        #expect(throws: SyncError.self) {
            try OutputPaths.check(outputs: [.init("--report", report), .init("the journal", report)], inputs: [])
        }
        try OutputPaths.check(
            outputs: [.init("--report", report), .init("the journal", report + ".journal")],
            inputs: [.init("the input", input.path)])
    }
}

/// The lock was taken on the path as given: a symlink or a hard link to the same state (or journal) let two runs
/// proceed. It is on the file's identity now.
@Suite struct FileIdentityLockTests {
    @Test func aSymlinkToTheStateIsTheSameLock() throws {
        let workspace = try Workspace()
        let state = try workspace.write("{\"kind\":\"provision-state\",\"version\":1}\n", to: "state.jsonl")
        let link = workspace.url("alias.jsonl")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: state)
        let first = try FileLock(guarding: state.path)
        #expect(throws: LockError.held(file: link.path, pid: getpid())) { try FileLock(guarding: link.path) }
        withExtendedLifetime(first) {}
    }

    /// Before the state exists, the link's target is locked by name.
    @Test func aSymlinkToAStateNotWrittenYetIsTheSameLock() throws {
        let workspace = try Workspace()
        let state = workspace.url("state.jsonl")
        let link = workspace.url("alias.jsonl")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "state.jsonl")
        let first = try FileLock(guarding: link.path)
        #expect(throws: LockError.held(file: state.path, pid: getpid())) { try FileLock(guarding: state.path) }
        withExtendedLifetime(first) {}
    }

    @Test func aHardLinkToTheStateIsTheSameLock() throws {
        let workspace = try Workspace()
        let state = try workspace.write("{\"kind\":\"provision-state\",\"version\":1}\n", to: "state.jsonl")
        let twin = workspace.url("twin.jsonl")
        try FileManager.default.linkItem(at: state, to: twin)
        do {
            let first = try FileLock(guarding: state.path)
            #expect(throws: LockError.held(file: twin.path, pid: getpid())) { try FileLock(guarding: twin.path) }
            withExtendedLifetime(first) {}
        }
        // Once it is released, the other name can be locked.
        let second = try FileLock(guarding: twin.path)
        withExtendedLifetime(second) {}
    }

    /// The holder of a lock reached by another name is found in /proc/locks, which lists every lock on the machine:
    /// on a busy one it runs past the first page, which `String(contentsOfFile:)` stops at (the pid went missing).
    @Test func theHolderIsFoundOnABusyMachine() throws {
        let workspace = try Workspace()
        let state = try workspace.write("{\"kind\":\"provision-state\",\"version\":1}\n", to: "state.jsonl")
        let twin = workspace.url("twin.jsonl")
        try FileManager.default.linkItem(at: state, to: twin)
        let first = try FileLock(guarding: state.path)
        // Taken after it, so that the kernel lists them before it.
        let others = try (0..<300).map { index in
            try FileLock(guarding: workspace.url("other-\(index).jsonl").path)
        }
        let table = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/locks")).readToEnd() ?? Data()
        #expect(table.count > 3 * 4096, "/proc/locks is past its first page")
        #expect(throws: LockError.held(file: twin.path, pid: getpid())) { try FileLock(guarding: twin.path) }
        withExtendedLifetime((first, others)) {}
    }

    /// A state or journal that is a FIFO, a device or a directory cannot be kept; refused before anything is read.
    @Test func aStateThatIsNotARegularFileIsRefused() throws {
        let workspace = try Workspace()
        let fifo = try SpecialFiles.fifo(at: workspace.url("state.jsonl"))
        #expect(throws: LockError.notRegular(file: fifo.path, kind: "a FIFO (named pipe)")) {
            try FileLock(guarding: fifo.path)
        }
        #expect(throws: LockError.notRegular(file: workspace.directory.path, kind: "a directory")) {
            try FileLock(guarding: workspace.directory.path)
        }
    }
}

/// A `STATE.lock` planted as a symlink was followed and its target truncated (a victim file ended holding the pid).
/// Lock files are opened with `O_NOFOLLOW`, and a file the run did not create is never truncated.
@Suite struct LockFileHijackTests {
    static let precious = "precious data: do not truncate\n"

    @Test func aSymlinkedLockFileIsRefusedAndItsTargetUntouched() throws {
        let workspace = try Workspace()
        let victim = try workspace.write(Self.precious, to: "victim.txt")
        let state = workspace.url("state.jsonl").path
        try FileManager.default.createSymbolicLink(atPath: state + ".lock", withDestinationPath: victim.path)
        #expect {
            try FileLock(guarding: state)
        } throws: { error in
            guard case .cannotOpen(_, _, let reason) = error as? LockError else { return false }
            return reason.contains("symbolic link")
        }
        #expect(try String(contentsOf: victim, encoding: .utf8) == Self.precious)
    }

    @Test func aLockFileThatHoldsSomethingElseOrHasOtherNamesIsLeftAsItIs() throws {
        let workspace = try Workspace()
        let state = workspace.url("state.jsonl").path
        // Something that is not a pid at the lock's name.
        try Data(Self.precious.utf8).write(to: URL(fileURLWithPath: state + ".lock"))
        #expect(throws: LockError.self) { try FileLock(guarding: state) }
        #expect(try String(contentsOfFile: state + ".lock", encoding: .utf8) == Self.precious)
        // A hard link to another file at the lock's name (even an empty one).
        let other = workspace.url("other.jsonl").path
        let victim = try workspace.write("", to: "victim.txt")
        try FileManager.default.linkItem(atPath: victim.path, toPath: other + ".lock")
        #expect(throws: LockError.self) { try FileLock(guarding: other) }
        #expect(try Data(contentsOf: victim).isEmpty)
    }

    /// A lock file an earlier run left (this or an older version) is reused and names the new holder.
    @Test func aLockFileAnEarlierRunLeftIsReused() throws {
        let workspace = try Workspace()
        let state = workspace.url("state.jsonl").path
        try Data("4194303\n".utf8).write(to: URL(fileURLWithPath: state + ".lock"))
        let lock = try FileLock(guarding: state)
        #expect(throws: LockError.held(file: state, pid: getpid())) { try FileLock(guarding: state) }
        withExtendedLifetime(lock) {}
    }
}

/// As root, `--report /dev/full` replaced the device node with the report. Only regular files are replaced; a
/// symlinked output is written where it leads and stays a link.
@Suite struct OutputKindTests {
    @Test func onlyARegularFileIsEverReplaced() throws {
        let workspace = try Workspace()
        for (path, kind) in try SpecialFiles.irregular(in: workspace.directory) {
            #expect(throws: FileError.self) { try AtomicFile.write(Data("{}".utf8), to: path) }
            #expect(SpecialFiles.kind(path) == kind, "\(path) was replaced")
            #expect {
                try OutputPaths.check(outputs: [.init("--report", path)], inputs: [])
            } throws: { error in
                (error as? SyncError)?.exitStatus == .cannotCreate
                    && (error as? SyncError)?.localizedDescription.contains("not a regular file") == true
            }
        }
    }

    @Test func aSymlinkedOutputIsWrittenWhereItLeadsAndStaysALink() throws {
        let workspace = try Workspace()
        let target = try workspace.write("old\n", to: "state-real.jsonl")
        let link = workspace.url("state.jsonl")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "state-real.jsonl")
        try AtomicFile.write(Data("new\n".utf8), to: link.path)
        #expect(SpecialFiles.kind(link.path) == "link")
        #expect(try String(contentsOf: target, encoding: .utf8) == "new\n")
    }

    /// The output-equals-input message said "the input the input".
    @Test func theClashMessageNamesTheInputOnce() throws {
        let workspace = try Workspace()
        let input = try workspace.write("externalId\n1\n", to: "export.csv")
        #expect {
            try OutputPaths.check(outputs: [.init("--report", input.path)], inputs: [.init("the input", input.path)])
        } throws: { error in
            (error as? SyncError)?.localizedDescription
                == "--report \(input.path) is the same file as the input \(input.path); writing it would destroy that "
                + "file. Name another path"
        }
    }
}

/// GITHUB_STEP_SUMMARY holds the earlier steps' summaries: it is appended to, never replaced.
@Suite struct AppendOnlyFileTests {
    @Test func appendingKeepsWhatWasThere() throws {
        let workspace = try Workspace()
        let summary = try workspace.write("# step 1\n", to: "summary.md")
        try AppendOnlyFile.append(Data("# step 2\n".utf8), to: summary.path)
        #expect(try String(contentsOf: summary, encoding: .utf8) == "# step 1\n# step 2\n")
    }

    @Test func aFileThatCannotBeAppendedToIsAnErrorNamingIt() throws {
        let workspace = try Workspace()
        for path in [workspace.directory.path, "/dev/full"] {
            #expect {
                try AppendOnlyFile.append(Data("x".utf8), to: path)
            } throws: { error in
                (error as? FileError)?.path == path
            }
        }
    }
}
