import Foundation
import Mapping
import Sync
import TestSupport
import Testing

/// The brakes in process: every disable counts against `--max-disable` (people missing, `active` turning from true
/// to false, records sent inactive), userName changes against `--max-rename`; past either nothing is sent.
@Suite struct BrakeTests {
    func run(_ job: UploadJob, _ graph: FakeGraph, events: EventLog = EventLog()) async -> SyncOutcome {
        let time = ManualTimeSource()
        let run = SyncRun(
            job: job, transport: graph.transport, tokens: FixedTokens(), time: time, events: events.record)
        return await drivingClock(time) { await run.run() }
    }

    /// 20 people uploaded with a state; the graph has received them (2 requests).
    func monday(_ workspace: Workspace, _ graph: FakeGraph) async throws {
        let first = try workspace.write(usersCSV(20), to: "monday.csv")
        #expect(await run(uploadJob(input: first, workspace: workspace, state: true), graph).status == .success)
    }

    @Test func activeTurningFalseCountsAgainstMaxDisableAndNothingIsSent() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        try await monday(workspace, graph)
        let flipped = try workspace.write(usersCSV(20, inactive: Set(1...8)), to: "tuesday.csv")
        let events = EventLog()
        let outcome = await run(uploadJob(input: flipped, workspace: workspace, state: true), graph, events: events)
        #expect(outcome.status == .dataError)
        #expect(graph.requests == 2, "nothing more was sent")
        let message = try #require(events.errors.first)
        #expect(message.contains("8 of 20 known people would be disabled (8 whose active turns from true to false)"))
        #expect(message.contains("--max-disable 5% allows (1)"))
        #expect(message.contains("User 3 (externalId E3, line 4): active true → false"))
        #expect(message.contains("run again with --max-disable 8"))
        let report = try readReport(workspace.url("report.json"))
        let disables = try #require(report["disables"] as? [[String: Any]])
        #expect(disables.count == 8)
        #expect(disables.first?["displayName"] as? String == "User 1")
        #expect(disables.first?["reason"] as? String == "active true → false")
        let brake = try #require(report["brake"] as? [String: Any])
        #expect(brake["holding"] as? [String] == ["max-disable"])
        #expect(brake["known"] as? Int == 20)
        // The override sends them.
        var allowed = uploadJob(input: flipped, workspace: workspace, state: true)
        allowed.export.brakes?.maxDisable = .count(8)
        #expect(await run(allowed, graph).status == .success)
        #expect(graph.disabled.sorted() == (1...8).map { "E\($0)" }.sorted())
    }

    @Test func leaversAndTurnedOffRecordsAreSummed() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        try await monday(workspace, graph)
        // E19 and E20 left; E1 and E2 turned inactive: 4 disables, each kind alone within --max-disable 3.
        let tuesday = try workspace.write(usersCSV(18, inactive: [1, 2]), to: "tuesday.csv")
        var job = uploadJob(input: tuesday, workspace: workspace, state: true)
        job.export.delta.missing = .disable
        job.export.brakes?.maxDisable = .count(3)
        let events = EventLog()
        #expect(await run(job, graph, events: events).status == .dataError)
        let message = try #require(events.errors.first)
        #expect(message.contains("4 of 20 known people would be disabled (2 missing from the export, 2 whose active"))
        #expect(message.contains("User 20 (externalId E20): missing from the export"))
        #expect(graph.requests == 2)
        job.export.brakes?.maxDisable = .count(4)
        #expect(await run(job, graph).status == .success)
        #expect(graph.disabled.sorted() == ["E1", "E19", "E2", "E20"])
    }

    @Test func withoutAStateEveryRecordSentInactiveCounts() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        let input = try workspace.write(usersCSV(20, inactive: [4, 5]), to: "users.csv")
        let events = EventLog()
        #expect(await run(uploadJob(input: input, workspace: workspace), graph, events: events).status == .dataError)
        let message = try #require(events.errors.first)
        #expect(message.contains("2 of 20 known people would be disabled (2 sent with active false"))
        #expect(message.contains("User 4 (externalId E4, line 5): sent with active false"))
        #expect(message.contains("with --state only changes count"))
        #expect(graph.requests == 0)
        var allowed = uploadJob(input: input, workspace: workspace)
        allowed.export.brakes?.maxDisable = .percent(10)
        #expect(await run(allowed, graph).status == .success)
    }

    @Test func peopleAlreadyInactiveInTheStateDoNotCountAgain() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        // An HR export that keeps two people who left, every night.
        let input = try workspace.write(usersCSV(20, inactive: [4, 5]), to: "users.csv")
        var first = uploadJob(input: input, workspace: workspace, state: true)
        first.export.brakes?.maxDisable = .count(2)
        #expect(await run(first, graph).status == .success)
        let changed = try workspace.write(usersCSV(20, changed: [4, 5, 6], inactive: [4, 5]), to: "again.csv")
        var job = uploadJob(input: changed, workspace: workspace, state: true)
        job.export.delta.full = true
        let outcome = await run(job, graph)
        #expect(outcome.status == .success, "the same two people, already inactive, are no new disables")
        #expect(outcome.report.disables == nil)
    }

    @Test func aChangedDomainTripsMaxRenameAndTheOverrideSends() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        try await monday(workspace, graph)
        let renamed = try workspace.write(usersCSV(20, domain: "fabrikam.com"), to: "tuesday.csv")
        let events = EventLog()
        let outcome = await run(uploadJob(input: renamed, workspace: workspace, state: true), graph, events: events)
        #expect(outcome.status == .dataError)
        #expect(graph.requests == 2)
        let message = try #require(events.errors.first)
        #expect(message.contains("the rename brake holds: 20 of 20 known people would get a new userName"))
        #expect(message.contains("User 1 (externalId E1, line 2): userName user1@contoso.com → user1@fabrikam.com"))
        #expect(message.contains("run again with --max-rename 20"))
        #expect(!message.contains("disable brake"))
        let report = try readReport(workspace.url("report.json"))
        #expect((report["renames"] as? [[String: Any]])?.first?["to"] as? String == "user1@fabrikam.com")
        #expect((report["brake"] as? [String: Any])?["holding"] as? [String] == ["max-rename"])
        // A change of case is no new sign-in name.
        let cased = try workspace.write(usersCSV(20, domain: "Contoso.com"), to: "cased.csv")
        #expect(await run(uploadJob(input: cased, workspace: workspace, state: true), graph).status == .success)
        var allowed = uploadJob(input: renamed, workspace: workspace, state: true)
        allowed.export.brakes?.maxRename = .percent(100)
        #expect(await run(allowed, graph).status == .success)
        #expect(graph.requests == 6)
    }

    @Test func theMappedValueCountsNotTheCell() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        let mapping = try workspace.write(
            #"""
            {"attributes": {"externalId": "Id", "userName": "Mail", "displayName": "Name",
             "active": {"expression": "Switch([Status], \"False\", \"Active\", \"True\")", "type": "boolean"}}}
            """#, to: "mapping.json")
        func export(_ status: String) -> String {
            "Id,Mail,Name,Status\n" + (1...20).map { "\($0),u\($0)@x.com,U \($0),\(status)\n" }.joined()
        }
        let monday = try workspace.write(export("Active"), to: "monday.csv")
        var first = uploadJob(input: monday, workspace: workspace, state: true)
        first.export.reader.mappingFile = mapping.path
        #expect(await run(first, graph).status == .success)
        // "active" is not "Active" to a case-sensitive Switch: every account would be disabled.
        let tuesday = try workspace.write(export("active"), to: "tuesday.csv")
        var job = uploadJob(input: tuesday, workspace: workspace, state: true)
        job.export.reader.mappingFile = mapping.path
        let events = EventLog()
        #expect(await run(job, graph, events: events).status == .dataError)
        #expect(events.errors.first?.contains("20 of 20 known people would be disabled") == true)
        #expect(graph.requests == 2)
    }
}
