import Export
import Foundation
import Sync
import TestSupport
import Testing
import Uploader

/// The counts of a finished upload and the status its stop reason gives.
@Suite struct UploadAccountingTests {
    func export(_ workspace: Workspace) throws -> BatchedExport {
        let input = try workspace.write(usersCSV(3), to: "users.csv")
        return try ExportReader().prepare(path: input.path)
    }

    /// A bug in the counts is an internal error the run reports (exit 70), not a crash before the report is written.
    @Test func countsThatDoNotAddUpAreSaidNotTrapped() throws {
        let workspace = try Workspace()
        let export = try export(workspace)
        var report = RunReport(version: "test", command: "upload", input: export.file, startedAt: Date())
        report.record(export)
        #expect(UploadAccounting.fill(&report, export: export, result: nil, resumed: 0) == nil)
        report.rows += 1
        let broken = try #require(UploadAccounting.fill(&report, export: export, result: nil, resumed: 0))
        #expect(broken.hasPrefix("the report's counts do not add up: 4 rows, but 0 invalid, 0 unchanged"))
    }

    /// The spool could not be read back: local storage trouble (73) that says what to do, not "service unavailable".
    @Test func aBatchSourceThatCannotBeReadIsExit73() throws {
        let workspace = try Workspace()
        let export = try export(workspace)
        let result = UploadResult(
            outcomes: [], requests: 0, retries: 0, throttled: 0, tokenRefreshes: 0,
            stopReason: .sourceFailed("cannot read the temporary spool file in /tmp/: Input/output error"),
            startedAt: 0, finishedAt: 0)
        #expect(ExitStatus(UploadAccounting.outcome(result: result, export: export)) == .cannotCreate)
        #expect(
            UploadAccounting.describe(result.stopReason!, endpoint: nil)
                == "cannot read the temporary spool file in /tmp/: Input/output error; nothing more was sent: make "
                + "room in the temporary folder (TMPDIR) and run again with --resume")
    }
}
