import Foundation
import Testing
import Transport

/// The client's one retry loop (`RetryPolicy.run`), which the token client and every Graph client use.
@Suite struct RetryLoopTests {
    /// Sleeps nothing; records each wait.
    final class RecordingTime: TimeSource, @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [Double] = []
        var cancelsSleep = false

        var waits: [Double] { lock.withLock { recorded } }
        func now() -> Double { 0 }
        func sleep(seconds: Double) async throws {
            lock.withLock { recorded.append(seconds) }
            if cancelsSleep { throw CancellationError() }
        }
    }

    enum Failure: Error, Equatable {
        case gaveUp(Int)
        case tooLong(Double)
        case cancelled
    }

    @Test func waitsOnTheBackoffCurveOrAsAskedAndEndsWithTheLastAnswer() async throws {
        let time = RecordingTime()
        let policy = RetryPolicy(maxAttempts: 4, maxWait: 60)
        let value = try await policy.run(time: time, cancelled: Failure.cancelled) {
            (attempt) throws(Failure) -> RetryOutcome<String, Failure> in
            .failed(last: .success("answer \(attempt)"), retryAfter: attempt == 2 ? 7 : nil)
        }
        #expect(value == "answer 4")
        #expect(time.waits == [2, 7, 8])
    }

    @Test func aRefreshCountsAsAnAttemptWithoutAWait() async throws {
        let time = RecordingTime()
        let policy = RetryPolicy(maxAttempts: 2)
        await #expect(throws: Failure.gaveUp(2)) {
            try await policy.run(time: time, cancelled: Failure.cancelled) {
                (attempt) throws(Failure) -> RetryOutcome<Int, Failure> in
                attempt == 1 ? .again : .failed(last: .failure(.gaveUp(attempt)))
            }
        }
        #expect(time.waits.isEmpty)
    }

    @Test func aWaitLongerThanAllowedEndsTheAttemptsAtOnce() async throws {
        let time = RecordingTime()
        let policy = RetryPolicy(maxAttempts: 5, maxWait: 30)
        await #expect(throws: Failure.tooLong(31)) {
            try await policy.run(time: time, cancelled: Failure.cancelled) {
                (_) throws(Failure) -> RetryOutcome<Int, Failure> in
                .failed(last: .failure(.gaveUp(0)), retryAfter: 31, tooLong: { Failure.tooLong($0) })
            }
        }
        #expect(time.waits.isEmpty)
    }

    @Test func aCancelledWaitThrowsWhatTheCallerSays() async throws {
        let time = RecordingTime()
        time.cancelsSleep = true
        await #expect(throws: Failure.cancelled) {
            try await RetryPolicy().run(time: time, cancelled: Failure.cancelled) {
                (_) throws(Failure) -> RetryOutcome<Int, Failure> in
                .failed(last: .failure(.gaveUp(0)))
            }
        }
    }
}
