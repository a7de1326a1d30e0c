#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one row's expressions may use. A row past a limit is a row error naming the attribute (README, "Expressions";
/// `provision help mapping`), so a hostile cell costs at most this much, whatever the mapping does with it.
package struct ExpressionLimits: Sendable {
    /// The longest value an expression function may give (and build on the way): 64 KB of UTF-8, far above any
    /// Entra attribute. Nested `Replace`s that multiply a cell stop here instead of exhausting memory.
    package var maxValueBytes: Int
    /// CPU seconds all of a row's expressions may take together: 0.25 s, thousands of times what a real row needs.
    /// A regular expression that backtracks is stopped mid-match when the row's time is up.
    package var secondsPerRow: Double
    /// The CPU time of the thread evaluating (seconds, from any origin): injected by tests, which advance it by hand.
    package var clock: @Sendable () -> Double

    package static let standard = ExpressionLimits(
        maxValueBytes: 65_536, secondsPerRow: 0.25, clock: ExpressionLimits.threadCPUSeconds)

    package init(maxValueBytes: Int, secondsPerRow: Double, clock: @escaping @Sendable () -> Double) {
        self.maxValueBytes = maxValueBytes
        self.secondsPerRow = secondsPerRow
        self.clock = clock
    }

    /// CPU time, not wall time: a machine that is busy or a process that was stopped (SIGSTOP, a suspended VM)
    /// does not make a row fail.
    @Sendable package static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// One row's use of its `ExpressionLimits`: reset for each row, charged as the row's expressions run. The clock is
/// read only while a regular expression runs long enough (every 16 of its progress reports and matches) or after
/// another 64 KB of values of 4 KB or more was made, so that ordinary rows never read it; the time counts from the
/// first reading (what ran before it is bounded: a regex's first 15 reports, values of less than 64 KB).
package final class ExpressionBudget {
    let limits: ExpressionLimits
    private var started: Double?
    private var unclockedBytes = 0
    private(set) var isSpent = false

    package init(limits: ExpressionLimits) { self.limits = limits }

    package func reset() {
        started = nil
        unclockedBytes = 0
        isSpent = false
    }

    /// Reads the clock; false (from then on) once the row's time is up.
    func hasTimeLeft() -> Bool {
        guard !isSpent else { return false }
        let now = limits.clock()
        guard let started else {
            self.started = now
            return true
        }
        isSpent = now - started > limits.secondsPerRow
        return !isSpent
    }

    /// Counts the bytes of a value made; reads the clock after each 64 KB of them.
    func charge(bytes: Int) -> Bool {
        unclockedBytes += bytes
        guard unclockedBytes >= 65_536 else { return !isSpent }
        unclockedBytes = 0
        return hasTimeLeft()
    }

    var timeMessage: String {
        "the row's expressions took more than \(limits.secondsPerRow) s of CPU, the most a row may take "
            + "(a regular expression that backtracks on this cell?)"
    }

    func sizeMessage(_ what: String) -> String {
        "\(what) would be longer than \(limits.maxValueBytes / 1024) KB, the most an expression's value may be"
    }
}
