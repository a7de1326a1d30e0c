import Foundation
import Graph
import Sync
import TestSupport
import Testing
import Uploader

/// The provisioning logs allow 5 requests per 10 s, counted as they arrive. Reading the outcomes of a normal upload
/// (`status --wait`, then its heal) must never meet that limit, whatever the network's delays.
@Suite struct LogsPacingTests {
    @Test func readingAThousandRecordsOutcomesAndHealingIsNeverThrottled() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(usersCSV(1000), to: "users.csv")
        let graph = FakeGraph()
        let time = ManualTimeSource()
        graph.logsAfterPolls = 2
        graph.logsPageSize = 200
        graph.logsLimit = (count: 5, seconds: 10, clock: time)
        // A request arrives a varying while after it was sent: the first of every five is slow, so a pace counted
        // from the starts lets the sixth arrive within 10 s of the first.
        graph.logsLatency = { number in (up: number % 5 == 1 ? 1.5 : 0.05, down: 0.2) }
        graph.managerOf = ["E1000": "E1"]
        graph.unresolvedAtFirst = ["E1000"]
        let upload = SyncRun(
            job: uploadJob(input: input, workspace: workspace, batchSize: 50), transport: graph.transport,
            tokens: FixedTokens(), time: time, events: { _ in })
        // Generous real-time limits: the clock is manual, but the whole suite shares two cores.
        #expect(await drivingClock(time, limit: 300) { await upload.run() }.status == .success)

        let logs = LogsConnection(transport: graph.transport, tokens: FixedTokens(), time: time)
        let status = StatusRun(
            job: .init(
                journalPath: workspace.url("run.journal").path, endpoint: FakeGraph.endpoint, wait: 1800,
                pollInterval: 30),
            logs: logs, events: { _ in })
        var configuration = UploadConfiguration(endpoint: FakeGraph.endpoint.url)
        configuration.rate = RateLimit(count: 1000, seconds: 1)
        let healer = ReferenceHealer(
            job: .init(
                statePath: nil, endpoint: FakeGraph.endpoint, upload: configuration, wait: 600, pollInterval: 30),
            logs: logs, events: { _ in })
        let result = await drivingClock(time, limit: 300) { () async -> (StatusRun.Outcome, ReferenceHealer.Outcome)? in
            guard let outcome = try? await status.run(), let healed = try? await healer.run(outcome) else { return nil }
            return (outcome, healed)
        }
        let (outcome, heal) = try #require(result)
        #expect(outcome.summary.isComplete)
        #expect(outcome.summary.records.count == 1000)
        #expect(heal.healed == ["E1000"])
        #expect(graph.logPolls >= 5, "three status polls and the heal's reads")
        #expect(graph.logsThrottled == 0, "the logs answered 429 \(graph.logsThrottled) times")
    }
}
