import Foundation

/// Runs `work` on a thread of its own and measures the CPU time that thread uses (not wall-clock time, so a busy
/// machine does not matter). Gives up once `limit` CPU seconds are spent: the work is then still running, and is
/// left to finish or to end with the process (a test that sees `.exceeded` has failed).
package enum CPUBudget {
    package enum Outcome: Sendable, Equatable {
        case finished(cpuSeconds: Double)
        case exceeded
    }

    package static func run(limit: Double, _ work: @escaping @Sendable () -> Void) -> Outcome {
        let state = State()
        Thread.detachNewThread {
            state.start(pthread_self())
            work()
            state.finish()
        }
        while true {
            if let seconds = state.finishedSeconds { return .finished(cpuSeconds: seconds) }
            if let used = state.usedSeconds, used > limit { return .exceeded }
            usleep(20_000)
        }
    }

    private final class State: @unchecked Sendable {
        // @unchecked: every field is read and written under `lock`.
        private let lock = NSLock()
        private var clock: clockid_t?
        private var begin = 0.0
        private var done: Double?

        func start(_ thread: pthread_t) {
            var id = clockid_t()
            pthread_getcpuclockid(thread, &id)
            lock.withLock {
                clock = id
                begin = Self.seconds(id)
            }
        }

        func finish() {
            lock.withLock { done = clock.map { Self.seconds($0) - begin } }
        }

        var finishedSeconds: Double? { lock.withLock { done } }
        var usedSeconds: Double? { lock.withLock { clock.map { Self.seconds($0) - begin } } }

        private static func seconds(_ clock: clockid_t) -> Double {
            var time = timespec()
            clock_gettime(clock, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
    }
}
