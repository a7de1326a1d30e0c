import Foundation
import Sync
import TestSupport
import Testing
import Uploader

/// `ReferenceHealer` in process: the manager goes first, the report follows once the logs show the manager.
@Suite struct ReferenceHealerTests {
    func uploadStatusAndHeal(
        _ graph: FakeGraph, wait: Double, logsStallAfterUpload: Bool = false,
        checkStatus: @escaping @Sendable (StatusRun.Outcome) -> Void = { _ in }
    ) async throws -> ReferenceHealer.Outcome? {
        let workspace = try Workspace()
        let input = try workspace.write(usersCSV(10), to: "users.csv")
        let time = ManualTimeSource()
        let upload = SyncRun(
            job: uploadJob(input: input, workspace: workspace), transport: graph.transport, tokens: FixedTokens(),
            time: time, events: { _ in })
        #expect(await drivingClock(time) { await upload.run() }.status == .success)
        if logsStallAfterUpload { graph.logsCoverRequests = graph.requests }
        let status = StatusRun(
            job: .init(
                journalPath: workspace.url("run.journal").path, endpoint: FakeGraph.endpoint, wait: 0,
                pollInterval: 30),
            logs: LogsConnection(transport: graph.transport, tokens: FixedTokens(), time: time), events: { _ in })
        var upload2 = UploadConfiguration(endpoint: FakeGraph.endpoint.url)
        upload2.rate = RateLimit(count: 1000, seconds: 1)
        let healer = ReferenceHealer(
            job: .init(statePath: nil, endpoint: FakeGraph.endpoint, upload: upload2, wait: wait, pollInterval: 30),
            logs: LogsConnection(transport: graph.transport, tokens: FixedTokens(), time: time), events: { _ in })
        return await drivingClock(time) { () async -> ReferenceHealer.Outcome? in
            guard let outcome = try? await status.run() else { return nil }
            #expect(ReferenceHealer.candidates(outcome.summary).map(\.externalId) == ["E10"])
            checkStatus(outcome)
            return try? await healer.run(outcome)
        }
    }

    @Test func sendsTheManagerThenTheReportAndReportsItHealed() async throws {
        let graph = FakeGraph()
        graph.managerOf = ["E10": "E1"]
        graph.unresolvedAtFirst = ["E10"]
        let sentBefore = 10
        let outcome = try await uploadStatusAndHeal(graph, wait: 600)
        #expect(outcome?.healed == ["E10"])
        #expect(outcome?.status == .success)
        #expect(Array(graph.received.dropFirst(sentBefore)) == ["E1", "E10"], "the manager first, then its report")
    }

    @Test func whenTheLogsNeverShowTheManagerTheReportIsPendingNotResent() async throws {
        let graph = FakeGraph()
        graph.managerOf = ["E10": "E1"]
        graph.unresolvedAtFirst = ["E10"]
        let outcome = try await uploadStatusAndHeal(graph, wait: 120, logsStallAfterUpload: true)
        #expect(outcome?.pending == ["E10"])
        #expect(outcome?.status == .stoppedEarly)
        #expect(graph.received.last == "E1", "the report is not sent before its manager shows up processed")
    }

    /// A manager that failed with a conflict would fail again: it is not sent, and the report is left with why.
    @Test func aManagerThatFailedForGoodIsNotSentAndTheReportIsLeftWithWhy() async throws {
        let graph = FakeGraph()
        graph.managerOf = ["E10": "E1"]
        graph.unresolvedAtFirst = ["E10"]
        graph.failing = ["E1"]
        graph.failureCodes = ["E1": "AzureActiveDirectoryConflictingObjects"]
        let outcome = try await uploadStatusAndHeal(graph, wait: 600) { status in
            let unresolved = status.unresolved.first
            #expect(unresolved?.manager == "E1")
            #expect(unresolved?.managerFailed == true)
            #expect(unresolved?.managerFailedForGood == true)
            #expect(unresolved?.managerFailure?.hasPrefix("AzureActiveDirectoryConflictingObjects") == true)
        }
        #expect(outcome?.notHealable.map(\.externalId) == ["E10"])
        #expect(outcome?.notHealable.first?.manager == "E1")
        #expect(outcome?.notHealable.first?.reason.contains("AzureActiveDirectoryConflictingObjects") == true)
        #expect(outcome?.healed.isEmpty == true && outcome?.stillFailing.isEmpty == true)
        #expect(outcome?.status == .someRowsFailed)
        #expect(graph.received.count == 10, "nothing is sent again: \(graph.received.dropFirst(10))")
    }

    /// A manager that failed for a reason the service itself retries is sent again: healing may fix that.
    @Test func aManagerThatFailedForATransientReasonIsSentAgain() async throws {
        let graph = FakeGraph()
        graph.managerOf = ["E10": "E1"]
        graph.unresolvedAtFirst = ["E10"]
        graph.failing = ["E1"]
        graph.failureCodes = ["E1": "InternalError"]
        let outcome = try await uploadStatusAndHeal(graph, wait: 600) { status in
            #expect(status.unresolved.first?.managerFailed == true)
            #expect(status.unresolved.first?.managerFailedForGood == false)
        }
        #expect(outcome?.notHealable.isEmpty == true)
        #expect(Array(graph.received.dropFirst(10)) == ["E1"], "the manager is sent again")
        #expect(outcome?.stillFailing.first?.reason.contains("its manager E1 failed") == true)
    }
}
