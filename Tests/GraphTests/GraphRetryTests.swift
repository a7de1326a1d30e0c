import Foundation
import Graph
import TestSupport
import Testing
import Transport

/// Graph calls retry through the client's one loop (`RetryPolicy.run`), as token requests do.
@Suite struct GraphRetryTests {
    /// Sleeps nothing; records each wait.
    final class InstantTime: TimeSource, @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [Double] = []
        var waits: [Double] { lock.withLock { recorded } }
        func now() -> Double { 0 }
        func sleep(seconds: Double) async throws { lock.withLock { recorded.append(seconds) } }
    }

    /// A Retry-After that cannot be read is no wait the server asked for: the backoff curve decides (it was taken
    /// for a wait of the backoff's length, and past a short `maxWait` ended the read).
    @Test func aRetryAfterThatCannotBeReadWaitsOnTheBackoffCurve() async throws {
        let answers = Answers()
        let transport = ClosureTransport { _ in
            answers.next()
                ? HTTPResponse(status: 429, headers: ["Retry-After": "soon"])
                : HTTPResponse(status: 200, body: Data(#"{"value":[]}"#.utf8))
        }
        let time = InstantTime()
        let client = ProvisioningLogClient(transport: transport, tokens: FixedTokens(), time: time, maxWait: 1)
        _ = try await client.read(ProvisioningLogHardeningTests.query)
        #expect(time.waits.filter { $0 >= 1 } == [2, 4])
    }

    /// Two 429s, then an answer.
    final class Answers: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func next() -> Bool {
            lock.withLock {
                count += 1
                return count <= 2
            }
        }
    }
}
