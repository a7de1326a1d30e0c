import Foundation
import Sync
import TestSupport
import Testing

/// A symlink or a hard link to the same state let two runs proceed (both sent everything, a leaver ended active,
/// and the symlink was replaced by a regular file, so the two states diverged). Runs now lock the state's identity
/// and write it where the link leads.
@Suite struct StateAliasTests {
    func run(_ job: UploadJob, _ graph: FakeGraph, events: EventLog = EventLog()) async -> SyncOutcome {
        let time = ManualTimeSource()
        let run = SyncRun(
            job: job, transport: graph.transport, tokens: FixedTokens(), time: time, events: events.record)
        return await drivingClock(time) { await run.run() }
    }

    @Test func aRunThroughASymlinkOrAHardLinkIsRefusedWhileAnotherHoldsTheState() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(usersCSV(5), to: "users.csv")
        let graph = FakeGraph()
        #expect(await run(uploadJob(input: input, workspace: workspace, state: true), graph).status == .success)
        let state = workspace.url("state.jsonl")
        let symlink = workspace.url("symlink.jsonl")
        let hardLink = workspace.url("hardlink.jsonl")
        try FileManager.default.createSymbolicLink(at: symlink, withDestinationURL: state)
        try FileManager.default.linkItem(at: state, to: hardLink)
        let sent = graph.requests
        let held = try FileLock(guarding: state.path)  // another run, in progress
        for alias in [symlink, hardLink] {
            var job = uploadJob(input: input, workspace: workspace, state: true)
            job.export.statePath = alias.path
            job.journalPath = workspace.url("\(alias.lastPathComponent).journal").path
            let events = EventLog()
            let outcome = await run(job, graph, events: events)
            #expect(outcome.status == .stoppedEarly, "\(alias.lastPathComponent)")
            #expect(
                events.errors.contains { $0.contains("another provision run holds \(alias.path) (pid \(getpid()))") })
        }
        #expect(graph.requests == sent, "nothing was sent")
        withExtendedLifetime(held) {}
    }

    @Test func aSymlinkedStateStaysOneFile() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(usersCSV(25), to: "users.csv")
        let graph = FakeGraph()
        let real = workspace.url("state.jsonl")
        let link = workspace.url("nightly.jsonl")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "state.jsonl")
        var job = uploadJob(input: input, workspace: workspace, state: true)
        job.export.statePath = link.path
        #expect(await run(job, graph).status == .success)
        #expect(SpecialFiles.kind(link.path) == "link", "the link was replaced by a file")
        #expect(try String(contentsOf: real, encoding: .utf8).contains(#""id":"E25""#))
        // The same state by its real name: everyone is known, nothing is sent again.
        let again = await run(uploadJob(input: input, workspace: workspace, state: true), graph)
        #expect(again.status == .success)
        #expect(again.report.unchanged == 25)
        #expect(graph.requests == 3)
    }
}
