import Foundation
import Graph
import TestSupport
import Testing
import Transport

@testable import Uploader

/// Answers, retries and accounting: the uploader against a scripted server on a manual clock.
@Suite struct BulkUploaderTests {
    @Test func acceptsEveryBatchWithTheRequiredHeaders() async throws {
        let harness = UploadHarness {
            $0.concurrency = 3
            $0.userAgent = "provision/test"
        }
        let record = try await harness.run(ArraySource(count: 7)) { _, _, _, _ in accepted }

        #expect(record.statuses == Array(repeating: .accepted, count: 7))
        #expect(record.result.outcomes.allSatisfy { $0.attempts == 1 && $0.httpStatus == 202 && $0.error == nil })
        #expect(record.result.stopReason == nil)
        #expect(
            (record.result.requests, record.result.retries, record.result.throttled, record.result.tokenRefreshes) == (
                7, 0, 0, 0
            ))
        for request in record.requests {
            #expect(request.method == "POST")
            #expect(request.url == harness.configuration.endpoint)
            #expect(request.header("authorization") == "Bearer t1")
            #expect(request.header("content-type") == "application/scim+json")
            #expect(request.header("user-agent") == "provision/test")
            #expect(request.header("accept") == "application/json")
            let id = try #require(request.header("client-request-id"))
            #expect(UUID(uuidString: id) != nil && id == id.lowercased())
        }
        #expect(Set(record.requests.compactMap { $0.header("client-request-id") }).count == 7)
        #expect(
            Set(record.result.outcomes.compactMap(\.clientRequestId))
                == Set(record.requests.compactMap { $0.header("client-request-id") }))
        expectEveryBatchAccountedFor(record, count: 7)
    }

    @Test func badRequestIsRejectedWithItsGraphErrorAndNotRetried() async throws {
        let record = try await UploadHarness().run(ArraySource(count: 3)) { _, batch, _, _ in
            batch == 2 ? graphError(400, code: "BadRequest", message: "Invalid Data Format") : accepted
        }
        let rejected = try #require(record.outcome(2))
        #expect(rejected.status == .rejected)
        #expect(rejected.attempts == 1)
        #expect(rejected.httpStatus == 400)
        #expect(rejected.error == GraphError(code: "BadRequest", message: "Invalid Data Format"))
        #expect(record.statuses == [.accepted, .rejected, .accepted])
        #expect(record.result.stopReason == nil)
        expectEveryBatchAccountedFor(record, count: 3)
    }

    @Test func unauthorizedOnceRefreshesTheTokenAndSucceeds() async throws {
        let tokens = CountingTokens()
        var harness = UploadHarness()
        harness.tokens = tokens
        let record = try await harness.run(ArraySource(count: 1)) { request, _, _, _ in
            request.header("Authorization") == "Bearer t1"
                ? graphError(
                    401, code: "InvalidAuthenticationToken", message: "Access token has expired or is not yet valid.")
                : accepted
        }
        #expect(record.outcome(1)?.status == .accepted)
        #expect(record.outcome(1)?.attempts == 2)
        #expect(record.result.tokenRefreshes == 1)
        #expect(record.result.retries == 1)
        #expect(await tokens.invalidated == ["t1"])
        #expect(record.requests.map { $0.header("Authorization") } == ["Bearer t1", "Bearer t2"])
    }

    @Test func serviceUnavailableIsRetriedAfterTheLargerOfBackoffAndRetryAfter() async throws {
        let harness = UploadHarness { $0.backoffBase = 1 }
        let record = try await harness.run(ArraySource(count: 2)) { _, batch, attempt, _ in
            batch == 1 && attempt == 1
                ? graphError(503, code: "ServiceUnavailable", message: "busy", headers: ["Retry-After": "7"]) : accepted
        }
        #expect(record.statuses == [.accepted, .accepted])
        #expect(record.outcome(1)?.attempts == 2)
        #expect(record.result.retries == 1)
        let delays = record.events.compactMap {
            if case .retryScheduled(1, 2, let delay, _) = $0 { delay } else { nil }
        }
        #expect(delays == [7])
        #expect(record.result.finishedAt - record.result.startedAt >= 7)
    }

    @Test(arguments: [
        (TransportError.timedOut, "Timeout"), (TransportError.connectionFailed("refused"), "ConnectionFailed"),
    ])
    func transportErrorsExhaustingMaxAttemptsFailTheBatch(error: TransportError, code: String) async throws {
        let harness = UploadHarness { $0.maxAttempts = 3 }
        let record = try await harness.run(ArraySource(count: 1)) { _, _, _, _ in throw error }
        let outcome = try #require(record.outcome(1))
        #expect(outcome.status == .failed)
        #expect(outcome.attempts == 3)
        #expect(outcome.httpStatus == nil)
        #expect(outcome.error?.code == code)
        #expect(record.result.stopReason == nil)
    }

    @Test func serverErrorsExhaustingMaxAttemptsKeepTheGraphCode() async throws {
        let harness = UploadHarness { $0.maxAttempts = 2 }
        let record = try await harness.run(ArraySource(count: 1)) { _, _, _, _ in
            graphError(502, code: "BadGateway", message: "upstream")
        }
        #expect(record.outcome(1)?.status == .failed)
        #expect(record.outcome(1)?.httpStatus == 502)
        #expect(record.outcome(1)?.error == GraphError(code: "BadGateway", message: "upstream"))
    }

    @Test func throttlingPausesThenRetriesAndCountsSeparately() async throws {
        let harness = UploadHarness { $0.maxAttempts = 1 }
        let record = try await harness.run(ArraySource(count: 2)) { _, batch, attempt, _ in
            batch == 1 && attempt <= 2
                ? graphError(
                    429, code: "TooManyRequests", message: "Please retry again later.", headers: ["Retry-After": "5"])
                : accepted
        }
        #expect(record.statuses == [.accepted, .accepted])
        #expect(record.outcome(1)?.attempts == 3)  // two 429s do not use up maxAttempts = 1
        #expect(record.result.throttled == 2)
        let pauses = record.events.compactMap { if case .throttled(let seconds) = $0 { seconds } else { nil } }
        #expect(pauses == [5, 5])
        #expect(record.result.finishedAt - record.result.startedAt >= 10)
    }

    @Test func aFullBucketPausesEveryoneThenSucceeds() async throws {
        let harness = UploadHarness {
            $0.bucketFullWait = 300
            $0.maxAttempts = 1
        }
        let record = try await harness.run(ArraySource(count: 2)) { _, batch, attempt, _ in
            batch == 1 && attempt == 1
                ? graphError(500, code: "InternalServerError", message: bucketFullMessage) : accepted
        }
        #expect(record.statuses == [.accepted, .accepted])
        #expect(record.outcome(1)?.attempts == 2)
        let pauses = record.events.compactMap { if case .paused(let seconds, _) = $0 { seconds } else { nil } }
        #expect(pauses == [300])
        #expect(record.result.finishedAt - record.result.startedAt >= 300)
        #expect(record.result.stopReason == nil)
    }

    /// The batches that had finished when `batch` first started.
    func finishedBeforeStart(of batch: Int, in record: RunRecord) throws -> Set<Int> {
        let start = try #require(
            record.events.firstIndex { if case .batchStarted(batch, _, _) = $0 { true } else { false } })
        return Set(record.events[..<start].compactMap { if case .batchFinished(let o) = $0 { o.index } else { nil } })
    }

    /// Batch 5 holds reports of people in batches 1 to 4: its first request comes only after each of theirs arrived,
    /// and since their first requests failed, it is accepted only by a request after each of their accepted ones.
    @Test func aBatchWaitingThroughTheBatchesBeforeStartsOnTheirArrivalAndIsAcceptedAfterThem() async throws {
        let harness = UploadHarness { $0.concurrency = 4 }
        let record = try await harness.run(ArraySource(count: 8, waits: [5: 4])) { _, batch, attempt, _ in
            batch < 5 && attempt == 1 ? graphError(503, code: "ServiceUnavailable", message: "busy") : accepted
        }
        #expect(record.statuses == Array(repeating: .accepted, count: 8))
        let order = record.requests.map(batchIndex)
        let first = try #require(order.firstIndex(of: 5))
        let last = try #require(order.lastIndex(of: 5))
        for manager in 1...4 {
            #expect(order[..<first].contains(manager), "batch 5 started before batch \(manager) arrived")
            #expect(try #require(order.lastIndex(of: manager)) < last, "batch 5 accepted before batch \(manager)")
        }
    }

    @Test func aBatchWaitsOnlyForTheBatchesItsManagersAreIn() async throws {
        // Batch 5's managers are in batches 1 and 2; batches 3 and 4 are slow and must not hold it up.
        let harness = UploadHarness { $0.concurrency = 4 }
        let record = try await harness.run(ArraySource(count: 8, waits: [5: 2])) { _, batch, attempt, _ in
            (batch == 3 || batch == 4) && attempt == 1
                ? graphError(503, code: "ServiceUnavailable", message: "busy") : accepted
        }
        #expect(record.statuses == Array(repeating: .accepted, count: 8))
        let finished = try finishedBeforeStart(of: 5, in: record)
        #expect(finished.isSuperset(of: [1, 2]))
        #expect(finished.isDisjoint(with: [3, 4]), "batch 5 waited for batches that hold none of its managers")
    }

    @Test(arguments: [UInt64(7), 8, 9])
    func everyBatchIsAccountedForUnderMixedAnswers(seed: UInt64) async throws {
        let harness = UploadHarness {
            $0.concurrency = 5
            $0.maxAttempts = 3
            $0.unavailableAfterConsecutiveFailures = 0
        }
        let answers = Recorder<Int>()
        var generator = SplitMix64(seed: seed)
        let script = (0..<400).map { _ in [202, 202, 202, 400, 429, 503, -1][Int.random(in: 0..<7, using: &generator)] }
        let record = try await harness.run(ArraySource(count: 60)) { _, _, _, _ in
            let status = script[answers.count % script.count]
            answers.append(status)
            switch status {
            case -1: throw TransportError.timedOut
            case 202: return accepted
            default: return graphError(status, code: "Code\(status)", message: "scripted")
            }
        }
        #expect(record.result.stopReason == nil)
        #expect(!record.statuses.contains(.notSent))
        expectEveryBatchAccountedFor(record, count: 60)
    }
}
