import Foundation

/// SplitMix64: tiny, fast and fully determined by its seed, so `--seed` reproduces a fault sequence.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// Decides, per bulkUpload request that passed validation and the limiter, whether to misbehave.
///
/// One draw per request splits [0, 1) into consecutive bands (drop, then 5xx, then 429), so each rate is
/// exactly that share of requests as long as the rates sum to at most 1.
struct FaultInjector: Sendable {
    enum Fault: Sendable, Equatable {
        case none
        case drop
        case serverError(Int)
        case throttle
    }

    static let serverErrorStatuses = [500, 502, 503, 504]

    let dropRate: Double
    let failRate: Double
    let throttleRate: Double
    /// The statuses a server error is drawn from (directory reads: 500 and 503).
    let statuses: [Int]
    private var generator: SeededGenerator

    init(
        dropRate: Double, failRate: Double, throttleRate: Double, seed: UInt64,
        statuses: [Int] = FaultInjector.serverErrorStatuses
    ) {
        self.dropRate = dropRate
        self.failRate = failRate
        self.throttleRate = throttleRate
        self.statuses = statuses
        generator = SeededGenerator(seed: seed)
    }

    mutating func draw() -> Fault {
        guard dropRate + failRate + throttleRate > 0 else { return .none }
        let roll = generator.unit()
        if roll < dropRate { return .drop }
        if roll < dropRate + failRate {
            return .serverError(statuses[Int(generator.next() % UInt64(statuses.count))])
        }
        if roll < dropRate + failRate + throttleRate { return .throttle }
        return .none
    }
}
