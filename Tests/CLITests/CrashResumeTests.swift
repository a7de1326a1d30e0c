import Foundation
import TestSupport
import Testing

/// `kill -9` in the middle of an upload, then `--resume`: every record delivered, and only what was in flight sent
/// twice.
@Suite(.serialized) struct CrashResumeTests {
    @Test func killNineMidRunThenResumeDeliversEveryRecord() throws {
        let emulator = try EmulatorProcess(["--rate", "40/1s", "--latency", "150"])
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
        // Wait (bounded) until a few batches are journalled, then kill without warning.
        let deadline = Date().addingTimeInterval(30)
        func acceptedCaptured() -> Int {
            ((try? String(contentsOf: journal, encoding: .utf8)) ?? "").split(separator: "\n").count {
                $0.contains(#""kind":"accepted""#)
            }
        }
        while acceptedCaptured() < 5 && Date() < deadline && process.isRunning { usleep(20_000) }
        #expect(process.isRunning, "the upload finished before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let journalled = acceptedCaptured()
        #expect(journalled < 60)

        let resumed = try BinaryRunner.run(
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
