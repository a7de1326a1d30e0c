import Foundation
import Graph
import TestSupport
import Testing
import Transport

@testable import Uploader

/// Hostile or broken answers: waits the server asks for, stops with requests on the wire, success statuses that are
/// not 202, HTML, echoed credentials.
@Suite struct BulkUploaderHardeningTests {
    /// `Retry-After: 999999` on a 429 or a 503 made the run wait 11.6 days. Now it stops as resumable, at once.
    @Test(arguments: [429, 503])
    func aRetryAfterBeyondMaxWaitStopsTheRunAtOnce(status: Int) async throws {
        let harness = UploadHarness {
            $0.concurrency = 1
            $0.maxWait = 600
        }
        let record = try await harness.run(ArraySource(count: 3)) { _, batch, _, _ in
            batch == 2
                ? graphError(status, code: "TooManyRequests", message: "later", headers: ["Retry-After": "999999"])
                : accepted
        }
        let reason = StopReason.waitTooLong(status: status, retryAfter: "999999", seconds: 999_999, maxWait: 600)
        #expect(record.result.stopReason == reason)
        #expect(record.statuses == [.accepted, .failed, .notSent])
        #expect(record.result.finishedAt - record.result.startedAt < 600, "it waited")
        expectEveryBatchAccountedFor(record, count: 3)
    }

    /// A Retry-After of 1e10 s or a date in the year 9999 crashed the run (an Int64 overflow in the sleep).
    @Test(arguments: ["10000000000", "Fri, 31 Dec 9999 23:59:59 GMT"])
    func anAbsurdRetryAfterStopsTheRunWithoutTrapping(header: String) async throws {
        let harness = UploadHarness { $0.concurrency = 1 }
        let record = try await harness.run(ArraySource(count: 1)) { _, _, _, _ in
            graphError(429, code: "TooManyRequests", message: "later", headers: ["Retry-After": header])
        }
        guard case .waitTooLong(429, header, let seconds, _)? = record.result.stopReason else {
            Issue.record("expected waitTooLong, got \(String(describing: record.result.stopReason))")
            return
        }
        #expect(seconds == RetryAfter.longest)
    }

    /// After a stop, a request on the wire may still finish within the grace period, and then decides its batch.
    @Test func aStopLetsARequestOnTheWireFinishWithinTheGrace() async throws {
        let harness = UploadHarness {
            $0.concurrency = 1
            $0.stopGraceSeconds = 3
        }
        let clock = harness.clock
        let record = try await harness.run(ArraySource(count: 2)) { _, _, _, uploader in
            uploader.stop()
            try await clock.sleep(seconds: 2)
            return accepted
        }
        #expect(record.result.stopReason == .cancelled)
        #expect(record.statuses == [.accepted, .notSent])
    }

    /// A request that never answers (a server dripping bytes) is cancelled after the grace: the stop completes, and
    /// its batch, whose outcome is unknown, is `failed`, not accepted.
    @Test func aStopCancelsARequestThatOutlastsTheGrace() async throws {
        let harness = UploadHarness {
            $0.concurrency = 1
            $0.stopGraceSeconds = 3
        }
        let clock = harness.clock
        let record = try await harness.run(ArraySource(count: 2)) { _, _, _, uploader in
            uploader.stop()
            do { try await clock.sleep(seconds: 1e6) } catch { throw TransportError.cancelled }
            return accepted
        }
        #expect(record.result.stopReason == .cancelled)
        #expect(record.statuses == [.failed, .notSent])
        #expect(record.outcome(1)?.error?.code == "Cancelled")
        let elapsed = record.result.finishedAt - record.result.startedAt
        #expect(elapsed >= 3 && elapsed < 10, "the stop took \(elapsed) s of the clock")
    }

    /// bulkUpload's success is 202: another 2xx is accepted, with a warning event.
    @Test func anotherSuccessStatusIsAcceptedWithAWarning() async throws {
        let record = try await UploadHarness().run(ArraySource(count: 2)) { _, batch, _, _ in
            batch == 1 ? HTTPResponse(status: 200) : accepted
        }
        #expect(record.statuses == [.accepted, .accepted])
        let warnings = record.events.compactMap { event -> Int? in
            if case .acceptedWithUnexpectedStatus(let index, 200) = event { index } else { nil }
        }
        #expect(warnings == [1])
    }

    /// A proxy's sign-in page (200 text/html) was counted as accepted. It is an error naming the proxy, and the run
    /// stops (every further request would meet the same page).
    @Test func anHTMLSignInPageIsNotAccepted() async throws {
        let page = HTTPResponse(
            status: 200, headers: ["Content-Type": "text/html"],
            body: Data("<html><head><title>Sign in to the network</title></head></html>".utf8))
        let record = try await UploadHarness { $0.concurrency = 1 }.run(ArraySource(count: 2)) { _, _, _, _ in page }
        #expect(record.statuses == [.failed, .notSent])
        guard case .unavailable(let detail)? = record.result.stopReason else {
            Issue.record("expected unavailable, got \(String(describing: record.result.stopReason))")
            return
        }
        #expect(detail.contains("proxy") && detail.contains("Sign in to the network"))
    }

    /// A 400 or 502 whose body echoes the request's Authorization header put the bearer token on stderr and in the
    /// report.
    @Test(arguments: [400, 502])
    func anEchoedAuthorizationHeaderNeverReachesTheOutcome(status: Int) async throws {
        var harness = UploadHarness {
            $0.concurrency = 1
            $0.maxAttempts = 1
        }
        harness.tokens = JWTTokens()
        let record = try await harness.run(ArraySource(count: 1)) { request, _, _, _ in
            let echo =
                "bad request; headers were:\nAuthorization: \(request.header("Authorization") ?? "")\n"
                + "token again: \(JWTTokens.token)"
            return HTTPResponse(status: status, headers: ["Content-Type": "text/plain"], body: Data(echo.utf8))
        }
        let error = try #require(record.outcome(1)?.error)
        #expect(!error.message.contains(JWTTokens.token))
        #expect(!error.message.contains("eyJ"))
        #expect(error.message.contains("Bearer [redacted]"))
        #expect(!error.message.contains("\n"), "a server's line break must not start a new log line")
    }
}

/// The limit learnt: a scripted service enforcing 40 requests in any 5 s, against the default client (40/1s).
@Suite struct AdaptiveRateTests {
    /// Decides each request on arrival, as the service does; answers after `latency` seconds of the clock.
    final class SlidingWindowService: @unchecked Sendable {
        // @unchecked: `admitted` and `log` are only touched under `lock`.
        private let lock = NSLock()
        private var admitted: [Double] = []
        private(set) var log: [(time: Double, status: Int)] = []
        let count: Int
        let window: Double

        init(count: Int, window: Double) {
            self.count = count
            self.window = window
        }

        func decide(at now: Double) -> HTTPResponse {
            lock.withLock {
                admitted.removeAll { $0 <= now - window }
                guard admitted.count >= count else {
                    admitted.append(now)
                    log.append((now, 202))
                    return accepted
                }
                let wait = Int((admitted[0] + window - now).rounded(.up))
                log.append((now, 429))
                return graphError(
                    429, code: "TooManyRequests", message: "Please retry again later.",
                    headers: ["Retry-After": String(max(1, wait))])
            }
        }

        var entries: [(time: Double, status: Int)] { lock.withLock { log } }
    }

    static func defaultClient(_ configuration: inout UploadConfiguration) {
        configuration.concurrency = 60
        configuration.windowMargin = 0.03
        configuration.recoveryStep = 4
    }

    @Test(arguments: [0.0, 0.3, 1.0])
    func theDefaultClientMeetsOneEpisodeOf429sThenPacesAtTheLimitItLearnt(latency: Double) async throws {
        let service = SlidingWindowService(count: 40, window: 5)
        let harness = UploadHarness(Self.defaultClient)
        let clock = harness.clock
        let record = try await harness.run(ArraySource(count: 120)) { _, _, _, _ in
            let answer = service.decide(at: clock.now())
            if latency > 0 { try await clock.sleep(seconds: latency) }
            return answer
        }
        #expect(record.statuses == Array(repeating: .accepted, count: 120))
        #expect(record.result.learnedRate == RateLimit(count: 40, seconds: 5))
        let learnt = record.events.filter { if case .learnedRate = $0 { true } else { false } }
        #expect(learnt.count == 1)
        // One episode: every 429 came within one window of the first, none after.
        let throttled = service.entries.filter { $0.status == 429 }.map(\.time)
        let first = try #require(throttled.first)
        #expect(throttled.allSatisfy { $0 < first + 5 }, "429s at \(throttled)")
        // The second window's 40 starts go out together, before the first 429 can come back: at most those.
        #expect(throttled.count <= 40, "\(throttled.count) 429s")
        #expect(Double(record.result.throttled) <= 0.25 * Double(record.result.requests))
    }

    @Test func aServiceAtTheConfiguredLimitTeachesNothing() async throws {
        let service = SlidingWindowService(count: 40, window: 1)
        let harness = UploadHarness(Self.defaultClient)
        let clock = harness.clock
        let record = try await harness.run(ArraySource(count: 120)) { _, _, _, _ in service.decide(at: clock.now()) }
        #expect(record.statuses == Array(repeating: .accepted, count: 120))
        #expect(record.result.learnedRate == nil)
        #expect(record.result.throttled == 0)
    }
}
