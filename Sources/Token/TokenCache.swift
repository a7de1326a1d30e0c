import Foundation
import Transport

/// Caches one token in memory; refreshes when less than min(300 s, a quarter of its lifetime) remains; concurrent
/// callers share ONE in-flight refresh (single flight); a failed refresh is thrown to every waiter and not cached.
///
/// The refresh runs in an unstructured task owned by the cache, so a caller that is cancelled while waiting does not
/// cancel the refresh the other callers are waiting on. A cancelled caller stops waiting at once (a stopping run must
/// not sit out a token endpoint that never answers), and when the last waiter has left, the refresh is cancelled too.
package actor TokenCache: AccessTokenProvider {
    private let fetch: @Sendable () async throws -> AccessToken
    private let time: any TimeSource
    /// false for a pre-issued token: once Graph rejects it, asking the source again would return the same token.
    private let refreshable: Bool

    private var current: (token: AccessToken, fetchedAt: Double)?
    /// The refresh in flight, numbered so that a late end of an abandoned one is told apart from the current one's.
    private var inFlight: (task: Task<Void, Never>, generation: Int)?
    private var generation = 0
    private var waiters: [Int: CheckedContinuation<AccessToken, any Error>] = [:]
    private var nextWaiter = 0
    /// Set when a token that cannot be refreshed was rejected.
    private var exhausted = false

    /// How many fetches were started; for tests and the run report.
    package private(set) var fetchCount = 0
    /// Callers suspended on the in-flight fetch; lets tests release a fetch only once every caller is waiting.
    var waitingCallers: Int { waiters.count }

    package init(fetch: @escaping @Sendable () async throws -> AccessToken, time: any TimeSource) {
        self.fetch = fetch
        self.time = time
        self.refreshable = true
    }

    package init(client: TokenClient, time: any TimeSource) {
        self.fetch = { try await client.fetch() }
        self.time = time
        self.refreshable = client.credential.canRefresh
    }

    package func token() async throws -> String {
        if let current, isFresh(current.token, fetchedAt: current.fetchedAt) { return current.token.value }
        if exhausted { throw TokenError.cannotRefresh }
        try Task.checkCancellation()
        if inFlight == nil { startFetch() }
        nextWaiter += 1
        let id = nextWaiter
        let token = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters[id] = continuation
            }
        } onCancel: {
            // Runs on the cancelling thread; the actor drops the waiter once it is free (after it was stored).
            Task { await self.abandon(id) }
        }
        return token.value
    }

    package func invalidate(_ rejected: String) async {
        // Only the token Graph rejected is dropped: if another caller already replaced it, the new one stands.
        guard let current, current.token.value == rejected else { return }
        self.current = nil
        if !refreshable { exhausted = true }
    }

    private func startFetch() {
        fetchCount += 1
        generation += 1
        let (fetch, number) = (self.fetch, generation)
        let task = Task {
            let result = await Result(catching: fetch)
            self.finish(result, generation: number)
        }
        inFlight = (task, number)
    }

    /// Records the outcome of refresh `generation` and hands it to every waiter (unless it was abandoned meanwhile).
    private func finish(_ result: Result<AccessToken, any Error>, generation: Int) {
        guard inFlight?.generation == generation else { return }
        inFlight = nil
        if case .success(let token) = result { current = (token, time.now()) }
        let waiting = waiters
        waiters = [:]
        for continuation in waiting.values { continuation.resume(with: result) }
    }

    /// A cancelled caller leaves; the refresh is cancelled when nobody waits for it any more.
    private func abandon(_ id: Int) {
        guard let continuation = waiters.removeValue(forKey: id) else { return }
        continuation.resume(throwing: CancellationError())
        if waiters.isEmpty, let fetch = inFlight {
            inFlight = nil
            fetch.task.cancel()
        }
    }

    /// Fresh while more than min(300 s, lifetime / 4) remains; an unknown expiry (`.infinity`) is always fresh.
    private func isFresh(_ token: AccessToken, fetchedAt: Double) -> Bool {
        guard token.expiresAt.isFinite else { return true }
        let lifetime = max(0, token.expiresAt - fetchedAt)
        let margin = min(300, lifetime / 4)
        return token.expiresAt - time.now() > margin
    }
}

extension Result where Failure == any Error {
    /// The outcome of an async throwing body.
    fileprivate init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
