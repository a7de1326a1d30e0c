import Foundation
import Graph
import TestSupport
import Testing
import Transport

@testable import Uploader

/// Answers and limits that stop the run: what is in flight finishes, nothing new starts, everything is accounted for.
@Suite struct BulkUploaderStopTests {
    @Test func unauthorizedTwiceStopsTheRun() async throws {
        let harness = UploadHarness { $0.concurrency = 1 }
        let record = try await harness.run(ArraySource(count: 3)) { _, _, _, _ in
            graphError(
                401, code: "InvalidAuthenticationToken", message: "Access token validation failure. Invalid audience.")
        }
        guard case .unauthorized(let detail) = record.result.stopReason else {
            Issue.record("expected .unauthorized, got \(String(describing: record.result.stopReason))")
            return
        }
        #expect(detail.contains("Invalid audience"))
        #expect(record.outcome(1)?.status == .failed)
        #expect(record.outcome(1)?.attempts == 2)
        #expect(record.statuses == [.failed, .notSent, .notSent])
        #expect(record.result.tokenRefreshes == 1)
        expectEveryBatchAccountedFor(record, count: 3)
    }

    @Test func aFailingTokenProviderStopsBeforeSendingAnything() async throws {
        var harness = UploadHarness()
        harness.tokens = FailingTokens()
        let record = try await harness.run(ArraySource(count: 4)) { _, _, _, _ in accepted }
        #expect(record.result.stopReason == .unauthorized("no credentials configured"))
        #expect(record.requests.isEmpty)
        #expect(record.statuses == Array(repeating: .notSent, count: 4))
        #expect(record.result.outcomes.allSatisfy { $0.error?.code == "NotSent" })
        expectEveryBatchAccountedFor(record, count: 4)
    }

    static let denied = GraphError(
        code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation.")
    static let missing = GraphError(code: "ResourceNotFound", message: "job not found")

    @Test(arguments: [
        (graphError(403, code: denied.code, message: denied.message), StopReason.forbidden(denied)),
        (graphError(404, code: missing.code, message: missing.message), StopReason.notFound(missing)),
        (
            HTTPResponse(status: 302, headers: ["Location": "https://login.example/"]),
            StopReason.redirected(status: 302, location: "https://login.example/")
        ),
    ])
    func fatalAnswersStopWithTheRestNotSent(answer: HTTPResponse, reason: StopReason) async throws {
        let harness = UploadHarness { $0.concurrency = 1 }
        let record = try await harness.run(ArraySource(count: 5)) { _, batch, _, _ in batch == 2 ? answer : accepted }
        #expect(record.result.stopReason == reason)
        #expect(record.statuses == [.accepted, .failed, .notSent, .notSent, .notSent])
        #expect(record.outcome(2)?.httpStatus == answer.status)
        #expect(record.requests.count == 2)
        expectEveryBatchAccountedFor(record, count: 5)
    }

    @Test func batchesInFlightFinishAfterAFatalAnswer() async throws {
        let harness = UploadHarness { $0.concurrency = 3 }
        let record = try await harness.run(ArraySource(count: 9)) { _, batch, _, _ in
            batch == 1 ? graphError(403, code: "Authorization_RequestDenied", message: "no") : accepted
        }
        #expect(record.result.stopReason == .forbidden(GraphError(code: "Authorization_RequestDenied", message: "no")))
        #expect(record.outcome(1)?.status == .failed)
        // Whatever was already started is accepted; nothing after the stop was sent.
        #expect(record.result.outcomes.allSatisfy { $0.status != .failed || $0.index == 1 })
        #expect(record.result.outcomes.filter { $0.status != .notSent }.count == record.requests.count)
        #expect(record.statuses.contains(.notSent))
        expectEveryBatchAccountedFor(record, count: 9)
    }

    @Test func consecutiveFailedBatchesStopAsUnavailable() async throws {
        let harness = UploadHarness {
            $0.concurrency = 1
            $0.maxAttempts = 2
            $0.unavailableAfterConsecutiveFailures = 2
        }
        let record = try await harness.run(ArraySource(count: 6)) { _, batch, _, _ in
            batch == 1 ? accepted : graphError(503, code: "ServiceUnavailable", message: "down")
        }
        guard case .unavailable = record.result.stopReason else {
            Issue.record("expected .unavailable, got \(String(describing: record.result.stopReason))")
            return
        }
        #expect(record.statuses == [.accepted, .failed, .failed, .notSent, .notSent, .notSent])
        #expect(record.requests.count == 5)
        expectEveryBatchAccountedFor(record, count: 6)
    }

    @Test func anAcceptedBatchResetsTheFailureCount() async throws {
        let harness = UploadHarness {
            $0.concurrency = 1
            $0.maxAttempts = 1
            $0.unavailableAfterConsecutiveFailures = 2
        }
        let record = try await harness.run(ArraySource(count: 6)) { _, batch, _, _ in
            batch.isMultiple(of: 2) ? accepted : graphError(500, code: "InternalServerError", message: "oops")
        }
        #expect(record.result.stopReason == nil)
        #expect(record.statuses == [.failed, .accepted, .failed, .accepted, .failed, .accepted])
    }

    @Test(arguments: [0, 2])
    func aBucketThatStaysFullStopsAfterTheAllowedWaits(maxWaits: Int) async throws {
        let harness = UploadHarness {
            $0.concurrency = 1
            $0.bucketFullWait = 600
            $0.bucketFullMaxWaits = maxWaits
        }
        let record = try await harness.run(ArraySource(count: 3)) { _, _, _, _ in
            graphError(500, code: "InternalServerError", message: bucketFullMessage)
        }
        #expect(record.result.stopReason == .bucketFull)
        #expect(record.requests.count == maxWaits + 1)
        #expect(record.statuses == [.failed, .notSent, .notSent])
        let pauses = record.events.compactMap { if case .paused(let seconds, _) = $0 { seconds } else { nil } }
        #expect(pauses == Array(repeating: 600, count: maxWaits))
        expectEveryBatchAccountedFor(record, count: 3)
    }

    @Test func maxRequestsStopsCleanlyAndResumably() async throws {
        let harness = UploadHarness {
            $0.concurrency = 2
            $0.maxRequests = 4
        }
        let record = try await harness.run(ArraySource(count: 7)) { _, batch, attempt, _ in
            batch == 1 && attempt == 1 ? graphError(503, code: "ServiceUnavailable", message: "busy") : accepted
        }
        #expect(record.result.stopReason == .maxRequestsReached(4))
        #expect(record.result.requests == 4)
        // Batch 1's retry either made the 4th request or found the budget spent (then it is `failed`).
        #expect(record.result.outcomes.filter { $0.status == .accepted }.count == 3)
        #expect(record.result.outcomes.filter { $0.status == .notSent }.count >= 3)
        expectEveryBatchAccountedFor(record, count: 7)
    }

    @Test func maxRequestsThatCoverTheWholeRunDoNotStopIt() async throws {
        let harness = UploadHarness { $0.maxRequests = 3 }
        let record = try await harness.run(ArraySource(count: 3)) { _, _, _, _ in accepted }
        #expect(record.result.stopReason == nil)
        #expect(record.statuses == [.accepted, .accepted, .accepted])
    }

    @Test func stopFinishesTheRequestInFlightAndStartsNothingNew() async throws {
        let harness = UploadHarness { $0.concurrency = 1 }
        let source = ArraySource(count: 6)
        let record = try await harness.run(source) { _, batch, _, uploader in
            if batch == 3 { uploader.stop() }
            return accepted
        }
        #expect(record.result.stopReason == .cancelled)
        #expect(record.statuses == [.accepted, .accepted, .accepted, .notSent, .notSent, .notSent])
        #expect(record.requests.count == 3)
        #expect(await source.pulls == 7)  // drained to the end (the last pull returned nil)
        expectEveryBatchAccountedFor(record, count: 6)
    }

    @Test func stopInterruptsBatchesWaitingToRetry() async throws {
        let harness = UploadHarness {
            $0.concurrency = 2
            $0.backoffBase = 30
            $0.backoffCap = 3000
        }
        let seen = Recorder<Int>()
        let record = try await harness.run(ArraySource(count: 4)) { _, batch, _, uploader in
            seen.append(batch)
            if batch == 2 {
                // Stop only once batch 1 has had its 503 and is waiting to retry (bounded wait, no sleeping).
                for _ in 0..<100_000 where !seen.all.contains(1) { await Task.yield() }
                uploader.stop()
            }
            return batch == 1 ? graphError(503, code: "ServiceUnavailable", message: "busy") : accepted
        }
        #expect(record.result.stopReason == .cancelled)
        #expect(record.outcome(1)?.status == .failed)
        #expect(record.outcome(1)?.error?.code == "ServiceUnavailable")
        #expect(record.outcome(2)?.status == .accepted)
        #expect(record.requests.count == 2)
        expectEveryBatchAccountedFor(record, count: 4)
    }

    /// Ctrl-C during a 429 pause: the batches the service refused were never taken, so they are not sent (not
    /// failed, and no "failed (HTTP 429)" for them), like the batches never started.
    @Test func aStopDuringA429PauseLeavesTheRefusedBatchesNotSent() async throws {
        var configuration = UploadHarness().configuration
        configuration.concurrency = 4
        // Time stands still: the pause lasts until the stop.
        let clock = ManualTimeSource(start: 1000)
        let answered = Recorder<Int>()
        let transport = ClosureTransport { request in
            answered.append(batchIndex(of: request))
            return graphError(
                429, code: "TooManyRequests", message: "Too many requests", headers: ["Retry-After": "30"])
        }
        let events = Recorder<UploadEvent>()
        let uploader = BulkUploader(
            configuration: configuration, transport: transport, tokens: CountingTokens(), time: clock,
            random: { 0.5 }, events: { events.append($0) })
        let run = Task { await uploader.run(ArraySource(count: 8)) }
        func retriesScheduled() -> Int {
            events.all.count { if case .retryScheduled = $0 { true } else { false } }
        }
        // Every request sent so far was throttled, and the run is pausing (a sleeper on the clock).
        for _ in 0..<1_000_000
        where retriesScheduled() < 2 || retriesScheduled() < answered.count
            || clock.sleeperCount == 0
        {
            await Task.yield()
        }
        #expect(retriesScheduled() >= 2, "several requests in flight were throttled")
        uploader.stop()
        let result = await run.value
        #expect(result.stopReason == .cancelled)
        #expect(result.outcomes.map(\.status) == Array(repeating: .notSent, count: 8))
        let refused = result.outcomes.filter { $0.attempts > 0 }
        #expect(refused.count == answered.count && refused.count >= 2)
        #expect(
            refused.allSatisfy { $0.error?.code == "NotSent" && $0.error?.message.contains("TooManyRequests") == true },
            "\(refused.map(\.error))")
        #expect(result.requests == answered.count, "nothing was sent after the stop")
    }

    @Test func stopBeforeRunSendsNothing() async throws {
        let record = try await UploadHarness().run(
            ArraySource(count: 2), onStart: { $0.stop() }, respond: { _, _, _, _ in accepted })
        #expect(record.result.stopReason == .cancelled)
        #expect(record.statuses == [.notSent, .notSent])
        #expect(record.requests.isEmpty)
    }
}
