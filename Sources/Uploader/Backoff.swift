/// Exponential backoff with full jitter, for 5xx, transport errors and 429s without Retry-After.
///
/// Attempt n (1-based: the n-th failure of a batch) waits `random() * min(cap, base * 2^(n-1))` seconds, where
/// `random()` is uniform in 0..<1. With the defaults (base 1 s, cap 30 s) the ceilings are 1, 2, 4, 8, 16, 30, 30, …
/// seconds and the expected waits half of that. Full jitter spreads the retries of batches that failed together
/// (AWS Architecture Blog, "Exponential Backoff And Jitter"); a larger Retry-After on 503/504 wins (contract §6.1).
struct Backoff: Sendable {
    let base: Double
    let cap: Double
    let random: @Sendable () -> Double

    /// The ceiling for attempt `attempt`, before jitter.
    func ceiling(attempt: Int) -> Double {
        // Exponent capped so the power stays finite; min(cap, …) makes larger exponents irrelevant anyway.
        let exponent = Double(min(max(attempt, 1) - 1, 60))
        return max(0, min(cap, base * Double.pow2(exponent)))
    }

    func delay(attempt: Int) -> Double {
        ceiling(attempt: attempt) * min(max(random(), 0), 1)
    }
}

extension Double {
    fileprivate static func pow2(_ exponent: Double) -> Double {
        Double(sign: .plus, exponent: Int(exponent), significand: 1)
    }
}
