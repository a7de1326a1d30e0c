import Foundation

/// At most `limit` admissions within any `windowSeconds` (bulkUpload: 40 per 1 s or per 5 s; the logs: 5 per 10 s;
/// docs/service.md, "Throttling and quotas"). An admission may cost several units (directory reads cost resource
/// units; docs/service.md, "Reading the directory"). A pure value: the caller passes the time, so tests drive it
/// without sleeping.
struct SlidingWindowLimiter: Sendable {
    enum Decision: Sendable, Equatable {
        case allowed
        /// Seconds until the oldest admission leaves the window and a slot frees up.
        case throttled(retryAfter: Double)
    }

    /// Zero means unlimited.
    let limit: Int
    let windowSeconds: Double
    private var admitted = TimestampQueue()

    init(limit: Int, windowSeconds: Double) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// Whether one more admission of `cost` units at `now` fits, without recording it. A cost above the limit counts
    /// as the limit, so that it fits into an empty window.
    mutating func check(now: Double, cost: Int = 1) -> Decision {
        guard limit > 0 else { return .allowed }
        admitted.removeAll(before: now - windowSeconds)
        let excess = admitted.count + min(cost, limit) - limit
        guard excess > 0 else { return .allowed }
        // Enough units are free once the `excess` oldest have left the window.
        return .throttled(retryAfter: max(0, admitted[excess - 1] + windowSeconds - now))
    }

    mutating func record(now: Double, cost: Int = 1) {
        guard limit > 0 else { return }
        for _ in 0..<max(1, min(cost, limit)) { admitted.append(now) }
    }

    /// `check` and, when allowed, `record`.
    mutating func admit(now: Double, cost: Int = 1) -> Decision {
        let decision = check(now: now, cost: cost)
        if decision == .allowed { record(now: now, cost: cost) }
        return decision
    }
}

/// The largest number of events seen in any window of `windowSeconds` (for `maxRequestsInWindow`).
/// Counting at each arrival the events in (arrival - window, arrival] finds the maximum over all windows.
struct SlidingWindowMaximum: Sendable {
    let windowSeconds: Double
    private(set) var maximum = 0
    private var events = TimestampQueue()

    init(windowSeconds: Double) { self.windowSeconds = windowSeconds }

    mutating func record(now: Double) {
        events.removeAll(before: now - windowSeconds)
        events.append(now)
        maximum = max(maximum, events.count)
    }
}

/// Ascending times with amortised O(1) removal from the front.
struct TimestampQueue: Sendable {
    private var storage: [Double] = []
    private var head = 0

    var count: Int { storage.count - head }
    /// The `offset`-th oldest time (0 is the oldest); `offset` must be below `count`.
    subscript(offset: Int) -> Double { storage[head + offset] }

    /// Keeps the order: requests are judged in the order their threads take the lock, which is not always the order
    /// they arrived in (normally it goes at the end).
    mutating func append(_ time: Double) {
        var index = storage.count
        while index > head, storage[index - 1] > time { index -= 1 }
        storage.insert(time, at: index)
    }

    /// Drops times at or before `cutoff` (they are outside a window that ends now).
    mutating func removeAll(before cutoff: Double) {
        while head < storage.count, storage[head] <= cutoff { head += 1 }
        if head > 1024, head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }
}
