import Foundation
import Sync
import TestSupport
import Testing
import Uploader

/// `SyncRun` in process: a closure transport for Graph, a manual clock, and the event sink in place of a console.
@Suite struct SyncRunTests {
    func run(_ job: UploadJob, _ graph: FakeGraph, events: EventLog = EventLog()) async -> SyncOutcome {
        let time = ManualTimeSource()
        let run = SyncRun(
            job: job, transport: graph.transport, tokens: FixedTokens(), time: time, events: events.record)
        return await drivingClock(time) { await run.run() }
    }

    @Test func uploadsEveryRecordManagersFirstAndJournalsEachBatch() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(usersCSV(25), to: "users.csv")
        let graph = FakeGraph()
        let outcome = await run(uploadJob(input: input, workspace: workspace), graph)
        #expect(outcome.status == .success)
        #expect(outcome.report.accepted == 25)
        #expect(graph.requests == 3)
        #expect(Set(graph.received) == Set((1...25).map { "E\($0)" }))
        #expect(graph.received.firstIndex(of: "E1")! < graph.received.firstIndex(of: "E10")!)
        guard case .contents(let journal) = try Journal.read(path: workspace.url("run.journal").path) else {
            Issue.record("no journal")
            return
        }
        #expect(journal.accepted.flatMap(\.externalIds).count == 25)
        #expect(FileManager.default.fileExists(atPath: workspace.url("report.json").path))
    }

    @Test func aStopMidRunFinishesWhatIsInFlightAndResumeSendsOnlyTheRest() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(usersCSV(50), to: "users.csv")
        let graph = FakeGraph()
        let time = ManualTimeSource()
        let events = EventLog()
        let run = SyncRun(
            job: uploadJob(input: input, workspace: workspace), transport: graph.transport, tokens: FixedTokens(),
            time: time, events: events.record)
        // The signal arrives while the second request is on the wire.
        graph.onUpload = { count in if count == 2 { run.stop() } }
        let stopped = await drivingClock(time) { await run.run() }
        #expect(stopped.status == .stoppedEarly)
        #expect(stopped.report.accepted == 20)
        #expect(stopped.report.notSent == 30)
        // One line says what happened and how to go on.
        #expect(events.errors.count == 1, "\(events.errors)")
        #expect(
            events.errors.first?.hasPrefix("interrupted:") == true && events.errors.first?.contains("--resume") == true)
        graph.onUpload = nil
        let resumed = await self.run(uploadJob(input: input, workspace: workspace, resume: true), graph)
        #expect(resumed.status == .success)
        #expect(resumed.report.skippedAlreadyAccepted == 20)
        #expect(graph.received.count == 50, "nobody accepted before the stop is sent again")
        #expect(Set(graph.received).count == 50)
    }

    @Test func aResumeAfterATornJournalLineContinuesAndTheJournalStaysReadable() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(usersCSV(30), to: "users.csv")
        let graph = FakeGraph()
        let time = ManualTimeSource()
        let run = SyncRun(
            job: uploadJob(input: input, workspace: workspace), transport: graph.transport, tokens: FixedTokens(),
            time: time, events: { _ in })
        graph.onUpload = { count in if count == 1 { run.stop() } }
        _ = await drivingClock(time) { await run.run() }
        // A crash (or a full disk) in the middle of the next line.
        let journal = workspace.url("run.journal")
        let handle = try FileHandle(forWritingTo: journal)
        handle.seekToEndOfFile()
        handle.write(Data(#"{"kind":"accepted","batch":2,"exte"#.utf8))
        try handle.close()
        graph.onUpload = nil
        let events = EventLog()
        let resumed = await self.run(uploadJob(input: input, workspace: workspace, resume: true), graph, events: events)
        #expect(resumed.status == .success, "\(events.errors)")
        #expect(events.notices.contains { $0.contains("was torn") })
        #expect(Set(graph.received).count == 30)
        // The torn tail was cut before appending: every line of the journal is whole again.
        guard case .contents(let contents) = try Journal.read(path: journal.path) else {
            Issue.record("journal unreadable after resume")
            return
        }
        #expect(!contents.tornLine)
        #expect(Set(contents.accepted.flatMap(\.externalIds)).count == 30)
    }

    @Test func anEmptyJournalFromAFullDiskIsIgnoredNotFatal() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(usersCSV(5), to: "users.csv")
        try Data().write(to: workspace.url("run.journal"))
        let graph = FakeGraph()
        let events = EventLog()
        let outcome = await run(uploadJob(input: input, workspace: workspace, resume: true), graph, events: events)
        #expect(outcome.status == .success, "\(events.errors)")
        #expect(events.notices.contains { $0.contains("holds no complete line") })
        #expect(graph.received.count == 5)
    }

    @Test func deltaSendsOnlyChangedRecordsAndDisablesLeavers() async throws {
        let workspace = try Workspace()
        let first = try workspace.write(usersCSV(20), to: "monday.csv")
        let graph = FakeGraph()
        #expect(await run(uploadJob(input: first, workspace: workspace, state: true), graph).status == .success)
        // Tuesday: E3 changed, E19 and E20 left.
        let second = try workspace.write(
            usersCSV(18, changed: [3]), to: "tuesday.csv")
        var job = uploadJob(input: second, workspace: workspace, state: true)
        job.export.delta.missing = .disable
        job.export.brakes?.maxDisable = .count(2)
        let outcome = await run(job, graph)
        #expect(outcome.status == .success)
        #expect(outcome.report.unchanged == 17)
        #expect(outcome.report.leaversDisabled == 2)
        #expect(Array(graph.received.dropFirst(20)).sorted() == ["E19", "E20", "E3"])
        #expect(graph.disabled.sorted() == ["E19", "E20"])
    }

    @Test func theLeaverBrakeSendsNothing() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        let first = try workspace.write(usersCSV(20), to: "monday.csv")
        _ = await run(uploadJob(input: first, workspace: workspace, state: true), graph)
        let truncated = try workspace.write(usersCSV(10), to: "tuesday.csv")
        var job = uploadJob(input: truncated, workspace: workspace, state: true)
        job.export.delta.missing = .disable
        let events = EventLog()
        let outcome = await run(job, graph, events: events)
        #expect(outcome.status == .dataError)
        #expect(events.errors.contains { $0.contains("--max-disable") })
        #expect(graph.requests == 2, "nothing more was sent")
    }

    @Test func anExportWithNoValidRowsDisablesNobodyWhateverTheBrakeSays() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        let first = try workspace.write(usersCSV(20), to: "monday.csv")
        _ = await run(uploadJob(input: first, workspace: workspace, state: true), graph)
        let headerOnly = try workspace.write(usersCSV(0), to: "tuesday.csv")
        var job = uploadJob(input: headerOnly, workspace: workspace, state: true)
        job.export.delta.missing = .disable
        job.export.brakes?.maxDisable = .percent(100)
        let events = EventLog()
        let refused = await run(job, graph, events: events)
        #expect(refused.status == .dataError)
        #expect(events.errors.contains { $0.contains("--allow-empty-export") })
        #expect(graph.disabled.isEmpty)
        job.export.delta.allowEmptyExport = true
        let allowed = await run(job, graph)
        #expect(allowed.status == .success)
        #expect(graph.disabled.count == 20)
    }

    @Test func aSecondRunSharingTheStateIsRefusedAtOnceWithTheHoldersPid() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(usersCSV(5), to: "users.csv")
        let held = try FileLock(guarding: workspace.url("state.jsonl").path)
        let graph = FakeGraph()
        let events = EventLog()
        let outcome = await run(uploadJob(input: input, workspace: workspace, state: true), graph, events: events)
        #expect(outcome.status == .stoppedEarly)
        #expect(events.errors.contains { $0.contains("another provision run holds") && $0.contains("pid \(getpid())") })
        #expect(graph.requests == 0)
        withExtendedLifetime(held) {}
    }

    @Test func aStateThatCannotBeWrittenIsExit73AndTheReportNamesIt() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(usersCSV(5), to: "users.csv")
        // The state's temporary file cannot be created (a directory sits at its name), as on a full disk; root
        // ignores permissions, so a read-only directory would not do.
        try FileManager.default.createDirectory(
            at: workspace.url(".state.jsonl.\(getpid()).tmp"), withIntermediateDirectories: true)
        let job = uploadJob(input: input, workspace: workspace, state: true)
        let events = EventLog()
        let outcome = await run(job, FakeGraph(), events: events)
        #expect(outcome.status == .cannotCreate)
        #expect(outcome.report.fileErrors?.first?.file == "state")
        #expect(outcome.report.exitStatus == 73)
        let written =
            try JSONSerialization.jsonObject(with: Data(contentsOf: workspace.url("report.json"))) as? [String: Any]
        #expect((written?["fileErrors"] as? [[String: Any]])?.first?["file"] as? String == "state")
        #expect(events.errors.contains { $0.contains("cannot update the state file") })
    }

    @Test func aStateNamingADirectoryIsRefusedBeforeAnythingIsSent() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(usersCSV(5), to: "users.csv")
        try FileManager.default.createDirectory(at: workspace.url("state-dir"), withIntermediateDirectories: true)
        var job = uploadJob(input: input, workspace: workspace)
        job.export.statePath = workspace.url("state-dir").path
        let graph = FakeGraph()
        let outcome = await run(job, graph)
        #expect(outcome.status == .cannotCreate)
        #expect(graph.requests == 0)
    }

    @Test func theLimitLearntAgainstA40Per5sServiceIsWhereTheNextNightStarts() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(usersCSV(3000), to: "users.csv")
        let graph = FakeGraph()
        let time = ManualTimeSource()
        graph.limit = (40, 5, time)
        var job = uploadJob(input: input, workspace: workspace, state: true, batchSize: 50)
        job.upload.rate = RateLimit(count: 40, seconds: 1)
        job.upload.concurrency = 4
        let first = SyncRun(job: job, transport: graph.transport, tokens: FixedTokens(), time: time, events: { _ in })
        let night1 = await drivingClock(time, limit: 60) { await first.run() }
        #expect(night1.status == .success)
        #expect(graph.throttled > 0)
        #expect(try StateFile.load(path: workspace.url("state.jsonl").path).learnedRate == "40/5s")
        // Night two, a day later: everything changed, and the run starts at 40/5s.
        time.advance(by: 86_400)
        let throttledBefore = graph.throttled
        try workspace.write(usersCSV(3000, changed: Set(1...3000)), to: "users.csv")
        let events = EventLog()
        let second = SyncRun(
            job: job, transport: graph.transport, tokens: FixedTokens(), time: time, events: events.record)
        let night2 = await drivingClock(time, limit: 60) { await second.run() }
        #expect(night2.status == .success)
        #expect(events.notices.contains { $0.contains("starting at 40/5s") })
        #expect(graph.throttled == throttledBefore, "no 429 on the second night")
    }
}
