/// The client's one backoff curve, used by the uploader, token retries and the provisioning-log reader.
///
/// Attempt n (1-based: the n-th failure) has the ceiling `min(cap, base × 2^(n−1))` seconds: with base 1 s and cap
/// 30 s that is 1, 2, 4, 8, 16, 30, 30, … With jitter ("full jitter": the wait is uniform in 0..<ceiling) the
/// retries of requests that failed together spread out (AWS Architecture Blog, "Exponential Backoff And Jitter");
/// without it the wait is the ceiling itself, for schedules that must be exact (the token endpoint's 2, 4, 8, 16 s).
/// Callers let a larger Retry-After win.
package struct Backoff: Sendable {
    package let base: Double
    package let cap: Double
    /// Uniform in 0..<1; nil waits the ceiling itself.
    package let random: (@Sendable () -> Double)?

    package init(base: Double, cap: Double, random: (@Sendable () -> Double)? = nil) {
        self.base = base
        self.cap = cap
        self.random = random
    }

    /// The ceiling for attempt `attempt`, before jitter; never negative, never infinite.
    package func ceiling(attempt: Int) -> Double {
        // The exponent is capped so the power stays finite; min(cap, …) makes larger exponents irrelevant anyway.
        let exponent = min(max(attempt, 1) - 1, 60)
        let value = min(max(0, cap), max(0, base) * Double(sign: .plus, exponent: exponent, significand: 1))
        return value.isFinite ? value : 0
    }

    /// The wait after failed attempt `attempt`.
    package func delay(attempt: Int) -> Double {
        guard let random else { return ceiling(attempt: attempt) }
        let draw = random()
        return ceiling(attempt: attempt) * (draw.isFinite ? min(max(draw, 0), 1) : 0)
    }
}
