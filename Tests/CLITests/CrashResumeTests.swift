import Foundation
import TestSupport
import Testing

/// `kill -9` in the middle of an upload, then `--resume`: every record delivered, and only what was in flight sent
/// twice.
@Suite(.serialized) struct CrashResumeTests {
    /// The journal's accepted batches.
    static func acceptedLines(_ path: String) -> Int {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").count {
            $0.contains(#""kind":"accepted""#)
        }
    }

    @Test func killNineMidRunThenResumeDeliversEveryRecord() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s", "--latency", "150"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(3000, to: input)
        let journal = dir.appendingPathComponent("run.journal")
        let concurrency = 4
        let process = Process()
        process.executableURL = BinaryRunner.provision
        process.arguments = [
            "upload", input.path, "--journal", journal.path, "--concurrency", String(concurrency), "--quiet",
        ]
        process.environment = emulator.environment.merging(["PATH": "/usr/bin:/bin", "HOME": dir.path]) { _, new in new
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait (bounded) until a few batches are journalled, then kill without warning: watched from a thread of its
        // own, so that the kill lands mid-run whatever the other tests keep the shared threads busy with.
        let path = journal.path
        let killedMidRun = await onOwnThread { () -> Bool in
            let deadline = Date().addingTimeInterval(30)
            while Self.acceptedLines(path) < 5 && Date() < deadline && process.isRunning { usleep(10_000) }
            guard process.isRunning else { return false }
            kill(process.processIdentifier, SIGKILL)
            return true
        }
        #expect(killedMidRun, "the upload finished before it could be killed")
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let journalled = Self.acceptedLines(path)
        #expect(journalled < 60)

        let resumed = try await BinaryRunner.run(
            [
                "upload", input.path, "--journal", journal.path, "--resume", "--report",
                dir.appendingPathComponent("r.json").path,
            ], environment: emulator.environment)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let stats = try emulator.stats()
        #expect(stats["uniqueRecords"] == 3000)
        // Only batches in flight at the kill (accepted but not yet journalled) can arrive twice.
        #expect((stats["duplicateRecords"] ?? .max) <= concurrency * 50)
        let report = try readReport(dir.appendingPathComponent("r.json"))
        #expect(report["skippedAlreadyAccepted"] as? Int == journalled * 50)
        #expect(report["accepted"] as? Int == 3000)
    }
}
