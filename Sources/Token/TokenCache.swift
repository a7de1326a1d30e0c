import Foundation
import Transport

/// Caches one token in memory; refreshes when less than min(300 s, a quarter of its lifetime) remains; concurrent
/// callers share ONE in-flight refresh (single flight); a failed refresh is thrown to every waiter and not cached.
///
/// The refresh runs in an unstructured task owned by the cache, so a caller that is cancelled while waiting does not
/// cancel the refresh the other callers are waiting on.
public actor TokenCache: AccessTokenProvider {
    private let fetch: @Sendable () async throws -> AccessToken
    private let time: any TimeSource
    /// false for a pre-issued token: once Graph rejects it, asking the source again would return the same token.
    private let refreshable: Bool

    private var current: (token: AccessToken, fetchedAt: Double)?
    private var inFlight: Task<AccessToken, any Error>?
    /// Set when a token that cannot be refreshed was rejected.
    private var exhausted = false

    /// How many fetches were started; for tests and the run report.
    public private(set) var fetchCount = 0
    /// Callers suspended on the in-flight fetch; lets tests release a fetch only once every caller is waiting.
    private(set) var waitingCallers = 0

    public init(fetch: @escaping @Sendable () async throws -> AccessToken, time: any TimeSource) {
        self.fetch = fetch
        self.time = time
        self.refreshable = true
    }

    public init(client: TokenClient, time: any TimeSource) {
        self.fetch = { try await client.fetch() }
        self.time = time
        self.refreshable = client.credential.canRefresh
    }

    public func token() async throws -> String {
        if let current, isFresh(current.token, fetchedAt: current.fetchedAt) { return current.token.value }
        if exhausted { throw TokenError.cannotRefresh }
        let task: Task<AccessToken, any Error>
        if let inFlight {
            task = inFlight
        } else {
            fetchCount += 1
            let fetch = self.fetch
            task = Task { try await fetch() }
            inFlight = task
        }
        waitingCallers += 1
        let result = await task.result
        waitingCallers -= 1
        // Whichever waiter resumes first records the outcome; the rest find `inFlight` already moved on.
        if inFlight == task {
            inFlight = nil
            if case .success(let token) = result { current = (token, time.now()) }
        }
        return try result.get().value
    }

    public func invalidate(_ rejected: String) async {
        // Only the token Graph rejected is dropped: if another caller already replaced it, the new one stands.
        guard let current, current.token.value == rejected else { return }
        self.current = nil
        if !refreshable { exhausted = true }
    }

    /// Fresh while more than min(300 s, lifetime / 4) remains; an unknown expiry (`.infinity`) is always fresh.
    private func isFresh(_ token: AccessToken, fetchedAt: Double) -> Bool {
        guard token.expiresAt.isFinite else { return true }
        let lifetime = max(0, token.expiresAt - fetchedAt)
        let margin = min(300, lifetime / 4)
        return token.expiresAt - time.now() > margin
    }
}
