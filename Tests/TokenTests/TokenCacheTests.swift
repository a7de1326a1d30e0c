import Foundation
import TestSupport
import Testing
import Transport

@testable import Token

/// Counts fetches and hands out "tok-1", "tok-2", ... each valid for `lifetime` seconds from `time.now()`.
actor TokenMint {
    private var issued = 0
    private let lifetime: Double
    private let time: ManualTimeSource

    init(lifetime: Double, time: ManualTimeSource) {
        self.lifetime = lifetime
        self.time = time
    }

    func next() -> AccessToken {
        issued += 1
        return AccessToken(value: "tok-\(issued)", expiresAt: time.now() + lifetime)
    }
}

@Suite struct TokenCacheTests {
    static func cache(lifetime: Double, time: ManualTimeSource) -> TokenCache {
        let mint = TokenMint(lifetime: lifetime, time: time)
        return TokenCache(fetch: { await mint.next() }, time: time)
    }

    /// Waits (bounded, by yielding) until `count` callers are suspended on the cache's in-flight fetch.
    static func waitForCallers(_ cache: TokenCache, _ count: Int) async {
        for _ in 0..<100_000 where await cache.waitingCallers < count { await Task.yield() }
        #expect(await cache.waitingCallers == count)
    }

    @Test func reusesTheTokenWhileFresh() async throws {
        let time = ManualTimeSource(start: 10)
        let cache = Self.cache(lifetime: 3600, time: time)
        #expect(try await cache.token() == "tok-1")
        time.advance(by: 1000)
        #expect(try await cache.token() == "tok-1")
        #expect(await cache.fetchCount == 1)
    }

    /// Refresh when less than min(300 s, lifetime / 4) remains.
    @Test(arguments: [
        (3600.0, 3299.0, false), (3600.0, 3301.0, true),
        (400.0, 299.0, false), (400.0, 301.0, true),
        (60.0, 44.0, false), (60.0, 46.0, true),
    ])
    func refreshesAheadOfExpiry(lifetime: Double, elapsed: Double, refetches: Bool) async throws {
        let time = ManualTimeSource()
        let cache = Self.cache(lifetime: lifetime, time: time)
        _ = try await cache.token()
        time.advance(by: elapsed)
        #expect(try await cache.token() == (refetches ? "tok-2" : "tok-1"))
        #expect(await cache.fetchCount == (refetches ? 2 : 1))
    }

    @Test func unknownExpiryIsNeverRefreshedAhead() async throws {
        let time = ManualTimeSource()
        let cache = TokenCache(fetch: { AccessToken(value: "forever", expiresAt: .infinity) }, time: time)
        _ = try await cache.token()
        time.advance(by: 10_000_000)
        _ = try await cache.token()
        #expect(await cache.fetchCount == 1)
    }

    @Test func concurrentCallersShareOneFetch() async throws {
        let gate = Gate()
        let server = ScriptedServer([.okToken])
        let slow = ClosureTransport { request in
            await gate.wait()
            return try await server.transport.send(request)
        }
        let time = ManualTimeSource()
        let client = TokenClient(
            credential: .clientSecret(tenantID: "t", clientID: "c", secret: "s"),
            cloud: globalCloud, transport: slow, time: time)
        let cache = TokenCache(client: client, time: time)
        let callers = 25

        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<callers { group.addTask { try await cache.token() } }
            await Self.waitForCallers(cache, callers)
            await gate.open()
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(values == Array(repeating: "tok-1", count: callers))
        #expect(await cache.fetchCount == 1)
        #expect(server.log.count == 1)
    }

    @Test func failedRefreshReachesEveryWaiterAndIsNotCached() async throws {
        let gate = Gate()
        let attempts = Recorder<HTTPRequest>()
        let time = ManualTimeSource()
        let cache = TokenCache(
            fetch: {
                let attempt = attempts.append(HTTPRequest(method: "POST", url: URL(fileURLWithPath: "/"))) + 1
                if attempt == 1 {
                    await gate.wait()
                    throw TokenError.aadsts(code: 7_000_222, error: "invalid_client", httpStatus: 401, description: "d")
                }
                return AccessToken(value: "tok-after", expiresAt: time.now() + 3600)
            }, time: time)
        let callers = 10

        let failures = await withTaskGroup(of: TokenError?.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    do {
                        _ = try await cache.token()
                        return nil
                    } catch { return error as? TokenError }
                }
            }
            await Self.waitForCallers(cache, callers)
            await gate.open()
            return await group.reduce(into: [TokenError?]()) { $0.append($1) }
        }
        #expect(failures.count == callers)
        #expect(failures.allSatisfy { $0?.isAuthenticationFailure == true })
        #expect(await cache.fetchCount == 1)

        #expect(try await cache.token() == "tok-after")
        #expect(await cache.fetchCount == 2)
    }

    @Test func invalidateRefetchesOnlyForTheRejectedToken() async throws {
        let time = ManualTimeSource()
        let cache = Self.cache(lifetime: 3600, time: time)
        #expect(try await cache.token() == "tok-1")

        await cache.invalidate("some-other-token")
        #expect(try await cache.token() == "tok-1")

        await cache.invalidate("tok-1")
        #expect(try await cache.token() == "tok-2")

        await cache.invalidate("tok-1")  // a late 401 for the old token: another caller already refreshed
        #expect(try await cache.token() == "tok-2")
        #expect(await cache.fetchCount == 2)
    }

    @Test func rejectedPreIssuedTokenCannotBeRefreshed() async throws {
        let server = ScriptedServer([.okToken])
        let time = ManualTimeSource()
        let client = TokenClient(
            credential: .preIssued(token: "debug-token"), cloud: globalCloud,
            transport: server.transport, time: time)
        let cache = TokenCache(client: client, time: time)
        #expect(try await cache.token() == "debug-token")
        await cache.invalidate("debug-token")
        #expect(await tokenError { _ = try await cache.token() } == .cannotRefresh)
        #expect(server.log.count == 0)
    }
}

/// A stopping run waited out a token endpoint that never answered (up to 180 s, signals ignored): a caller waiting
/// on the cache could not be cancelled. Now it stops waiting at once; the refresh goes on for the callers still
/// waiting, and is cancelled when none is left.
@Suite struct TokenCacheCancellationTests {
    /// A fetch that waits until opened or cancelled, counting how it ended.
    final class HangingFetch: @unchecked Sendable {
        // @unchecked: `ends` is only touched under `lock`; `gate` is a manual clock nobody advances but `open`.
        private let lock = NSLock()
        private let gate = ManualTimeSource()
        private var ends: [String] = []
        var endings: [String] { lock.withLock { ends } }

        func fetch() async throws -> AccessToken {
            do {
                try await gate.sleep(seconds: 1)
            } catch {
                lock.withLock { ends.append("cancelled") }
                throw error
            }
            lock.withLock { ends.append("answered") }
            return AccessToken(value: "late", expiresAt: .infinity)
        }

        func open() { gate.advance(by: 1) }
    }

    @Test func aCancelledCallerStopsWaitingAndTheLastOneCancelsTheRefresh() async throws {
        let hanging = HangingFetch()
        let cache = TokenCache(fetch: { try await hanging.fetch() }, time: ManualTimeSource())
        let caller = Task { try await cache.token() }
        await TokenCacheTests.waitForCallers(cache, 1)
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        #expect(await cache.waitingCallers == 0)
        for _ in 0..<100_000 where hanging.endings.isEmpty { await Task.yield() }
        #expect(hanging.endings == ["cancelled"], "nobody waits for the refresh any more")
        // The next caller starts afresh.
        let again = Task { try await cache.token() }
        await TokenCacheTests.waitForCallers(cache, 1)
        hanging.open()
        #expect(try await again.value == "late")
        #expect(await cache.fetchCount == 2)
    }

    @Test func theRefreshGoesOnForTheCallersStillWaiting() async throws {
        let hanging = HangingFetch()
        let cache = TokenCache(fetch: { try await hanging.fetch() }, time: ManualTimeSource())
        let leaving = Task { try await cache.token() }
        let staying = Task { try await cache.token() }
        await TokenCacheTests.waitForCallers(cache, 2)
        leaving.cancel()
        await #expect(throws: CancellationError.self) { try await leaving.value }
        hanging.open()
        #expect(try await staying.value == "late")
        #expect(hanging.endings == ["answered"])
        #expect(await cache.fetchCount == 1)
    }
}
