import Foundation
import Sync
import TestSupport
import Testing

/// `StatusRun` in process: polls the fake logs on a manual clock until every record has an outcome.
@Suite struct StatusRunTests {
    /// Uploads `csv` through a `SyncRun`, then reads the outcomes.
    func uploadThenStatus(
        _ csv: String, workspace: Workspace, graph: FakeGraph, wait: Double, failed: String? = nil,
        events: EventLog = EventLog(), between: () throws -> Void = {}
    ) async throws -> (StatusRun.Outcome?, SyncError?) {
        let input = try workspace.write(csv, to: "users.csv")
        let time = ManualTimeSource()
        let upload = SyncRun(
            job: uploadJob(input: input, workspace: workspace), transport: graph.transport, tokens: FixedTokens(),
            time: time, events: { _ in })
        #expect(await drivingClock(time) { await upload.run() }.status == .success)
        try between()
        var job = StatusRun.Job(
            journalPath: workspace.url("run.journal").path, endpoint: FakeGraph.endpoint, wait: wait, pollInterval: 30)
        job.failedPath = failed
        let status = StatusRun(
            job: job, logs: LogsConnection(transport: graph.transport, tokens: FixedTokens(), time: time),
            events: events.record)
        let result = await drivingClock(time) { () async -> Result<StatusRun.Outcome, SyncError> in
            do throws(SyncError) { return .success(try await status.run()) } catch { return .failure(error) }
        }
        switch result {
        case .success(let outcome): return (outcome, nil)
        case .failure(let error): return (nil, error)
        }
    }

    @Test func waitsUntilEveryRecordHasAnOutcome() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        graph.logsAfterPolls = 3
        let events = EventLog()
        let (outcome, _) = try await uploadThenStatus(
            usersCSV(12), workspace: workspace, graph: graph, wait: 600, events: events)
        #expect(outcome?.status == .success)
        #expect(outcome?.summary.records.count == 12)
        #expect(graph.logPolls == 4)
        #expect(events.notices.filter { $0.contains("have no log row yet") }.count == 3)
    }

    /// The status of an older upload is that upload's outcome: a later upload of another file that sent some of the
    /// same people (an hour later in the logs) does not replace it.
    @Test func anOlderUploadsStatusIgnoresTheRowsOfALaterUpload() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        graph.rowSpacing = 3600
        graph.unresolvedAtFirst = ["E2"]  // Monday's row of E2 is a warning; Tuesday's a success.
        let time = ManualTimeSource()
        for (name, csv) in [("monday", usersCSV(3)), ("tuesday", "externalId,userName,active\nE2,e2@x.com,true\n")] {
            let input = try workspace.write(csv, to: "\(name).csv")
            var job = uploadJob(input: input, workspace: workspace)
            job.journalPath = workspace.url("\(name).journal").path
            let run = SyncRun(
                job: job, transport: graph.transport, tokens: FixedTokens(), time: time,
                events: { _ in })
            #expect(await drivingClock(time) { await run.run() }.status == .success)
        }
        let job = StatusRun.Job(
            journalPath: workspace.url("monday.journal").path, endpoint: FakeGraph.endpoint, wait: 0, pollInterval: 30)
        let status = StatusRun(
            job: job, logs: LogsConnection(transport: graph.transport, tokens: FixedTokens(), time: time),
            events: { _ in })
        let outcome = try await status.run()
        #expect(outcome.summary.records.map(\.externalId) == ["E1", "E2", "E3"])
        #expect(outcome.summary.records[1].entry?.status == "warning", "Monday's own row, not Tuesday's")
        #expect(outcome.summary.byStatus == ["success": 2, "warning": 1])
    }

    @Test func stillPendingWhenTheWaitEndsIsExit75() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        graph.logsAfterPolls = 100
        let (outcome, _) = try await uploadThenStatus(usersCSV(3), workspace: workspace, graph: graph, wait: 100)
        #expect(outcome?.status == .stoppedEarly)
        #expect(graph.logPolls == 5, "polls at 0, 30, 60, 90 and, the last, at the 100 s deadline")
    }

    /// An endless chain of next links kept `status --wait` paging for hours: paging stops at the `--wait` deadline
    /// (with the pages read, and a notice saying so).
    @Test func anEndlessChainOfNextLinksEndsAtTheWaitDeadline() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        graph.nextLinks = .endless
        let events = EventLog()
        let (outcome, error) = try await uploadThenStatus(
            usersCSV(3), workspace: workspace, graph: graph, wait: 100, events: events)
        #expect(error == nil)
        #expect(outcome?.summary.records.count == 3)
        // The logs' own throttle allows 5 pages in 10 s: 100 s holds about 50 of them, not 10,000.
        #expect(graph.logPolls <= 60, "\(graph.logPolls) pages")
        #expect(events.notices.contains { $0.contains("--wait ran out while the provisioning logs were being read") })
    }

    /// A next link pointing at the page itself was followed until the page cap (hours at the logs' throttle).
    @Test func aNextLinkToTheSamePageIsRefused() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        graph.nextLinks = .same
        let (outcome, error) = try await uploadThenStatus(usersCSV(3), workspace: workspace, graph: graph, wait: 0)
        #expect(outcome == nil)
        #expect(
            error?.localizedDescription.contains("points back at a page already read") == true,
            "\(String(describing: error))")
        #expect(graph.logPolls == 1)
    }

    @Test func failedRowsAreTheOriginalLinesOfTheFailedRecords() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        graph.failing = ["E2", "E5"]
        let failed = workspace.url("failed.csv").path
        let (outcome, _) = try await uploadThenStatus(
            usersCSV(6), workspace: workspace, graph: graph, wait: 0, failed: failed)
        #expect(outcome?.status == .someRowsFailed)
        let text = try String(contentsOfFile: failed, encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        try #require(lines.count == 3)
        #expect(lines[1].hasPrefix("E2,") && lines[2].hasPrefix("E5,"))
    }

    @Test func afterTheExportWasReplacedFailedRowsAreMatchedByExternalIdNotLine() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        graph.failing = ["E2"]
        let failed = workspace.url("failed.csv").path
        let events = EventLog()
        let (outcome, _) = try await uploadThenStatus(
            usersCSV(6), workspace: workspace, graph: graph, wait: 0, failed: failed, events: events,
            between: {
                // Tonight's export has a new person first: line 3 is now E1, not E2.
                let replaced = usersCSV(6).replacingOccurrences(
                    of: "\nE1,", with: "\nN1,new@contoso.com,New,true,Dept,\nE1,")
                try workspace.write(replaced, to: "users.csv")
            })
        #expect(outcome?.status == .someRowsFailed)
        let lines = try String(contentsOfFile: failed, encoding: .utf8).split(whereSeparator: \.isNewline)
        try #require(lines.count == 2, "\(lines) \(events.warnings) \(events.errors)")
        #expect(lines[1].hasPrefix("E2,"), "the failed person, not whoever is on the journalled line now")
        #expect(events.warnings.contains { $0.contains("matched by externalId") })
    }

    /// Printed failures after the export was replaced cited the uploaded file's lines: they are the current file's
    /// now, found by externalId, and a record no longer in it keeps its uploaded line, marked.
    @Test func afterTheExportWasReplacedTheLinesAreTheCurrentFilesOrMarked() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        graph.failing = ["E2", "E5"]
        let events = EventLog()
        let (outcome, _) = try await uploadThenStatus(
            usersCSV(6), workspace: workspace, graph: graph, wait: 0, events: events,
            between: {
                // A new person first (E2 moves from line 3 to 4), and E5 left the export.
                let replaced = usersCSV(6).replacingOccurrences(
                    of: "\nE1,", with: "\nN1,new@contoso.com,New,true,Dept,\nE1,"
                ).replacingOccurrences(of: "E5,user5@contoso.com,User 5,true,Dept 5,\n", with: "")
                try workspace.write(replaced, to: "users.csv")
            })
        let result = try #require(outcome)
        let input = workspace.url("users.csv").path
        let failures = Dictionary(uniqueKeysWithValues: result.summary.failures.map { ($0.externalId, $0) })
        #expect(failures["E2"]?.line == 4)
        #expect(result.location(of: try #require(failures["E2"])) == "\(input):4")
        #expect(result.location(of: try #require(failures["E5"])) == "\(input) (line 6 of the uploaded file)")
        #expect(result.linesOfUploadedFile == ["E5"])
        #expect(events.warnings.contains { $0.contains("the lines shown are those of the file there now") })
    }

    @Test func whenTheExportIsGoneTheLinesAreSaidToBeTheUploadedFiles() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        graph.failing = ["E2"]
        let events = EventLog()
        let (outcome, _) = try await uploadThenStatus(
            usersCSV(3), workspace: workspace, graph: graph, wait: 0, events: events,
            between: { try FileManager.default.removeItem(at: workspace.url("users.csv")) })
        let result = try #require(outcome)
        let failure = try #require(result.summary.failures.first)
        #expect(result.location(of: failure) == "\(workspace.url("users.csv").path) (line 3 of the uploaded file)")
        #expect(events.warnings.contains { $0.contains("the lines shown are those of the file that was uploaded") })
    }

    @Test func formulaLikeCellsAreKeptButPointedOut() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        graph.failing = ["E2"]
        let failed = workspace.url("failed.csv").path
        let csv = usersCSV(3).replacingOccurrences(of: "User 2,", with: "\"=HYPERLINK(\"\"http://x\"\")\",")
        let events = EventLog()
        _ = try await uploadThenStatus(csv, workspace: workspace, graph: graph, wait: 0, failed: failed, events: events)
        let text = try String(contentsOfFile: failed, encoding: .utf8)
        #expect(text.contains(#"=HYPERLINK(""http://x"")"#), "the bytes are kept for re-upload")
        #expect(events.warnings.contains { $0.contains("1 cell that a spreadsheet would run as a formula") })
    }

    @Test(arguments: ["=1+2", "@SUM(A1)", "+cmd|x", "-2+3", "\tx"])
    func formulaShapesAreRecognised(cell: String) {
        #expect(FormulaCells.looksLikeFormula(cell))
    }

    @Test(arguments: ["-42", "+44 20 7946 0958", "plain", "", "a=b"])
    func numbersAndPlainTextAreNotFormulas(cell: String) {
        #expect(!FormulaCells.looksLikeFormula(cell))
    }
}
