import Foundation
import Testing

/// Moves a manual clock to each sleeper's deadline as soon as someone sleeps, so code that polls or backs off runs
/// at once in tests. Past a real-time limit the work is cancelled (and the test told), so a test never hangs. Only
/// the time the driver could run counts toward the limit: while other tests hold every thread of the pool (the
/// whole suite on two cores), the work cannot run either, and that wait is not the work hanging.
package func drivingClock<T: Sendable>(
    _ time: ManualTimeSource, limit: TimeInterval = 60, _ work: @escaping @Sendable () async -> T
) async -> T {
    let task = Task { await work() }
    let done = Flag()
    let driver = Task {
        var last = Date()
        var used: TimeInterval = 0
        var cancelled = false
        while !done.isSet {
            // A turn takes about a millisecond; a longer gap is a wait for a thread, counted as one turn.
            let now = Date()
            used += min(now.timeIntervalSince(last), 0.01)
            last = now
            if !cancelled && used > limit {
                Issue.record("the work did not finish within \(limit) s of real time; cancelled")
                task.cancel()
                cancelled = true
            }
            if let next = time.nextDeadline, time.sleeperCount > 0 {
                time.advance(by: max(0, next - time.now()))
            }
            try? await Task.sleep(nanoseconds: 200_000)
        }
    }
    let value = await task.value
    done.set()
    await driver.value
    return value
}
