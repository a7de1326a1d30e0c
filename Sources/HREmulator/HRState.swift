import EmulatorKit
import Foundation
import JSONDocument

/// All mutable HR emulator state as one value, changed in one critical section of `HRState`.
struct HRModel: Sendable {
    var people: [Person]
    var stats = HRStats()
    var faults: FaultInjector
    var tokens: TokenStore
    /// How often each page number has misbehaved (for `--page-fault-times`).
    var pageFaultHits: [Int: Int] = [:]

    init(configuration: HRConfiguration, people: [Person]) {
        self.people = people
        // Separate streams: turning on one kind of fault does not change which requests get another, and token
        // strings do not depend on the faults.
        faults = FaultInjector(
            dropRate: configuration.dropRate, failRate: configuration.failRate,
            throttleRate: configuration.throttleRate, seed: configuration.seed &+ 0xFA17, statuses: [500, 503])
        tokens = TokenStore(seed: configuration.seed &+ 0x70CE)
    }
}

/// Counters behind `GET /_hr/stats`, for tests and benchmarks to check a client's behaviour.
struct HRStats: Sendable, Equatable {
    /// Every request except the `/_hr` control endpoints.
    var requests = 0
    /// Pages answered with records (a correct page, the last one included).
    var pages = 0
    var records = 0
    var authFailures = 0
    var throttled = 0
    var serverErrors = 0
    var dropped = 0
    var malformed = 0
    var truncated = 0
    var slowed = 0
    var tokensIssued = 0

    var json: JSON {
        .object([
            "requests": .number(requests), "pages": .number(pages), "records": .number(records),
            "authFailures": .number(authFailures), "throttled": .number(throttled),
            "serverErrors": .number(serverErrors), "dropped": .number(dropped), "malformed": .number(malformed),
            "truncated": .number(truncated), "slowed": .number(slowed), "tokensIssued": .number(tokensIssued),
        ])
    }
}

/// Bearer tokens the token endpoints issued, with their expiry.
struct TokenStore: Sendable {
    private var expiries: [String: Double] = [:]
    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func issue(now: Double, lifetime: Int) -> String {
        let token = "hr-" + (0..<2).map { _ in String(format: "%016llx", generator.next()) }.joined()
        expiries[token] = now + Double(lifetime)
        return token
    }

    func isValid(_ token: String, now: Double) -> Bool { expiries[token].map { now < $0 } ?? false }

    mutating func removeAll() { expiries.removeAll() }
}

/// The emulator's shared state behind one lock.
///
/// `@unchecked Sendable` is sound because `model` and `baseURLStorage` are only touched inside `lock.withLock`;
/// everything else is immutable after `init`.
final class HRState: @unchecked Sendable {
    let configuration: HRConfiguration
    let clock: any EmulatorClock
    /// Writes one line of the emulator's own log (stderr unless a test captures it).
    let log: @Sendable (String) -> Void
    /// Waits this many seconds (a slow page); tests pass one that records instead of sleeping.
    let sleep: @Sendable (Double) -> Void
    private let lock = NSLock()
    private var model: HRModel
    private var baseURLStorage: String

    init(
        configuration: HRConfiguration, clock: any EmulatorClock, log: @escaping @Sendable (String) -> Void,
        sleep: @escaping @Sendable (Double) -> Void, baseURL: String
    ) {
        self.configuration = configuration
        self.clock = clock
        self.log = log
        self.sleep = sleep
        model = HRModel(configuration: configuration, people: configuration.seedPeople)
        baseURLStorage = baseURL
    }

    /// `http://host:port` of the running server: where next links point.
    var baseURL: String {
        get { lock.withLock { baseURLStorage } }
        set { lock.withLock { baseURLStorage = newValue } }
    }

    func withModel<T>(_ body: (inout HRModel) throws -> T) rethrows -> T {
        try lock.withLock { try body(&model) }
    }

    /// Forgets counters, tokens and page fault counts; the people stay.
    func reset() {
        lock.withLock {
            model = HRModel(configuration: configuration, people: model.people)
        }
    }
}
