import Foundation

/// Decides, per request that reached the faulty part of an emulator (the Entra emulator's bulkUploads that passed
/// validation and the limiter, the HR emulator's data pages), whether to misbehave.
///
/// One draw per request splits [0, 1) into consecutive bands (drop, then 5xx, then 429), so each rate is
/// exactly that share of requests as long as the rates sum to at most 1.
package struct FaultInjector: Sendable {
    package enum Fault: Sendable, Equatable {
        case none
        case drop
        case serverError(Int)
        case throttle
    }

    /// What the Entra emulator answers; the HR emulator narrows it to 500 and 503.
    package static let serverErrorStatuses = [500, 502, 503, 504]

    package let dropRate: Double
    package let failRate: Double
    package let throttleRate: Double
    /// The 5xx statuses a server error is drawn from, uniformly.
    package let statuses: [Int]
    private var generator: SeededGenerator

    package init(
        dropRate: Double, failRate: Double, throttleRate: Double, seed: UInt64,
        statuses: [Int] = FaultInjector.serverErrorStatuses
    ) {
        self.dropRate = dropRate
        self.failRate = failRate
        self.throttleRate = throttleRate
        self.statuses = statuses
        generator = SeededGenerator(seed: seed)
    }

    package mutating func draw() -> Fault {
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
