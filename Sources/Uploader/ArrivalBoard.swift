import Foundation
import Transport

/// Which batches' requests have reached the service, so that a batch holding reports starts as soon as the batches
/// that may hold their managers have *arrived*, instead of a round trip later when they are answered.
///
/// The service decides a bulkUpload when it arrives and processes records in arrival order, and a manager reference
/// resolves only to a user processed before (docs/service.md, "How the service treats records"). So a batch D that
/// names batches up to `through` (`UploadBatch.waitsForBatchesThrough`) may start once each of those that has not
/// finished has a request whose body was sent in full at least `gap` seconds ago (the gap leaves room for the two to
/// arrive in the order they were sent). Such a start *relies* on that request being accepted.
///
/// If it is not (a 429, a 5xx, no answer), D's acceptance proves nothing: D arrived before its managers did. So D is
/// accepted only once every request it relied on was accepted (`confirm`); otherwise it is sent again after the
/// managers' next request arrives, or after their batch finished. The rule, in one line: a report's batch is
/// accepted only by a request that arrived after its managers' accepted request did, or after their batch was done.
/// Resending is safe because the service matches records on externalId. If the run stops before that, D is `failed`
/// (not journalled as accepted), and `--resume` sends it again after its managers.
final class ArrivalBoard: @unchecked Sendable {
    // @unchecked Sendable: `entries`, `accepted`, `versions` and `waiters` are only read or written while `lock` is
    // held; the
    // continuations are resumed after it is released. A lock rather than an actor because `arrived` is called
    // synchronously from the transport's callback, and cancellation must remove a waiter synchronously.

    /// A request another batch's start relied on.
    struct Reliance: Equatable, Sendable {
        let index: Int
        let attempt: Int
    }

    /// A batch not finished yet.
    private struct Entry {
        /// The current (or last) request's number; 0 before the first.
        var attempt = 0
        /// When the current request's body was sent in full; nil before that, and again once it failed.
        var arrivedAt: Double?
        var answered = false
    }

    private enum Readiness {
        case ready([Reliance])
        case at(Double)
        /// Waiting for this batch's request to arrive (or for the batch to be accepted or finish).
        case blocked(on: Int)
    }

    private let gap: Double
    private let time: any TimeSource
    private let lock = NSLock()
    /// Batches handed to a worker and not finished: at most the run's concurrency.
    private var entries: [Int: Entry] = [:]
    /// Batch index → the number of its first accepted request.
    private var accepted: [Int: Int] = [:]
    /// Batch index → how often its entry changed: a waiter that saw version v of the batch it waits on is woken by
    /// the next change of that batch only, so a change wakes no one else.
    private var versions: [Int: Int] = [:]
    private var waiters: [Int: [Int: CheckedContinuation<Void, Error>]] = [:]
    private var nextWaiter = 0

    init(gap: Double, time: any TimeSource) {
        self.gap = max(0, gap)
        self.time = time
    }

    /// A batch was handed to a worker; batches never registered (skipped by a resumed run) count as finished.
    func register(_ index: Int) { update(index) { $0.entries[index] = Entry() } }

    func started(_ index: Int, attempt: Int) {
        update(index) { $0.entries[index] = Entry(attempt: attempt) }
    }

    /// The body of request `attempt` was sent in full at `at`.
    func arrived(_ index: Int, attempt: Int, at: Double) {
        update(index) { board in
            guard let entry = board.entries[index], entry.attempt == attempt, !entry.answered, entry.arrivedAt == nil
            else { return }
            board.entries[index]?.arrivedAt = at
        }
    }

    /// An answer (or no answer) for request `attempt`; an answer also means the request arrived.
    func answered(_ index: Int, attempt: Int, accepted: Bool, at: Double) {
        update(index) { board in
            guard let entry = board.entries[index], entry.attempt == attempt else { return }
            board.entries[index]?.answered = true
            board.entries[index]?.arrivedAt = accepted ? (entry.arrivedAt ?? at) : nil
            // The first acceptance is what counts: from then on the service knows the batch's users, whatever
            // happens to a later request for it.
            if accepted, board.accepted[index] == nil { board.accepted[index] = attempt }
        }
    }

    func finished(_ index: Int) {
        update(index) { board in
            board.entries[index] = nil
            board.versions[index] = nil
        }
    }

    /// Waits until every unfinished batch from `through` down that `index` may hold managers in has arrived (see the
    /// type's description); returns the requests this start relies on.
    /// - Throws: `CancellationError` when the run stops.
    func managersArrived(for index: Int, through: Int?) async throws -> [Reliance] {
        guard let through else { return [] }
        while true {
            try Task.checkCancellation()
            let now = time.now()
            let (state, seen) = lock.withLock { () -> (Readiness, Int) in
                let state = readiness(for: index, through: through, now: now)
                guard case .blocked(let other) = state else { return (state, 0) }
                return (state, versions[other, default: 0])
            }
            switch state {
            case .ready(let reliances): return reliances
            case .at(let moment): try await time.sleep(seconds: moment - now)
            case .blocked(let other): try await change(of: other, since: seen)
            }
        }
    }

    /// After `reliances`' batch was accepted: true once every request it relied on was accepted; false as soon as one
    /// was not (the batch must be sent again).
    /// - Throws: `CancellationError` when the run stops first.
    func confirm(_ reliances: [Reliance]) async throws -> Bool {
        while true {
            try Task.checkCancellation()
            let (verdict, pending, seen) = lock.withLock { () -> (Bool?, Int, Int) in
                for reliance in reliances where accepted[reliance.index] != reliance.attempt {
                    // Finished without accepting that request, or it was answered otherwise, or it was followed by
                    // another: not accepted. Still on the wire: wait for it.
                    guard let entry = entries[reliance.index], entry.attempt == reliance.attempt, !entry.answered else {
                        return (false, 0, 0)
                    }
                    return (nil, reliance.index, versions[reliance.index, default: 0])
                }
                return (true, 0, 0)
            }
            if let verdict { return verdict }
            try await change(of: pending, since: seen)
        }
    }

    /// Must be called with `lock` held.
    private func readiness(for index: Int, through: Int, now: Double) -> Readiness {
        var reliances: [Reliance] = []
        var readyAt = -Double.infinity
        for (other, entry) in entries where other <= through && other != index && accepted[other] == nil {
            guard let arrivedAt = entry.arrivedAt else { return .blocked(on: other) }
            reliances.append(Reliance(index: other, attempt: entry.attempt))
            readyAt = max(readyAt, arrivedAt + gap)
        }
        if readyAt > now + PacingWindow.tolerance { return .at(readyAt) }
        return .ready(reliances.sorted { $0.index < $1.index })
    }

    /// Applies `change` to batch `index` and wakes whoever waits on that batch.
    private func update(_ index: Int, _ change: (ArrivalBoard) -> Void) {
        let woken = lock.withLock { () -> [CheckedContinuation<Void, Error>] in
            change(self)
            if entries[index] != nil { versions[index, default: 0] += 1 }
            return waiters.removeValue(forKey: index).map { Array($0.values) } ?? []
        }
        for waiter in woken { waiter.resume() }
    }

    /// Suspends until batch `index` changes after version `seen` (at once if it already has, or has finished).
    private func change(of index: Int, since seen: Int) async throws {
        let id = lock.withLock { () -> Int in
            nextWaiter += 1
            return nextWaiter
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                let outcome = lock.withLock { () -> Result<Void, Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if entries[index] == nil || versions[index, default: 0] != seen { return .success(()) }
                    waiters[index, default: [:]][id] = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = lock.withLock { waiters[index]?.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
