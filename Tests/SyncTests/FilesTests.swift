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
