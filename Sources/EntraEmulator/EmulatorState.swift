import EmulatorKit
import Foundation
import JSONDocument

/// All mutable emulator state as one value, so that every endpoint's read-modify-write happens in one
/// critical section of `EmulatorState` and the parts stay plain, separately testable structs.
struct EmulatorModel: Sendable {
    var stats: Stats
    var limiter: SlidingWindowLimiter
    var quota: SlidingWindowLimiter
    var logLimiter: SlidingWindowLimiter
    var faults: FaultInjector
    var processor: Processor
    var logs = ProvisioningLogStore()
    var job: JobStatus
    /// The tenant's users: what `/users` reads and the processor writes.
    var directory: Directory
    /// Directory reads, in resource units (docs/service.md, "Reading the directory").
    var directoryLimiter: SlidingWindowLimiter
    var directoryFaults: FaultInjector
    /// externalId → the `data` object last accepted for it (`/_emulator/users`: what was sent, not the directory).
    var payloads: [String: JSON] = [:]
    var latencyGenerator: SeededGenerator
    /// The order `$batch` answers in.
    var batchGenerator: SeededGenerator

    init(configuration: EmulatorConfiguration, seed: UInt64, now: Double) {
        stats = Stats(rateWindowSeconds: configuration.rate.windowSeconds)
        limiter = SlidingWindowLimiter(limit: configuration.rate.count, windowSeconds: configuration.rate.windowSeconds)
        quota = SlidingWindowLimiter(limit: configuration.dailyQuota, windowSeconds: 86_400)
        logLimiter = SlidingWindowLimiter(
            limit: configuration.logsRate.count, windowSeconds: configuration.logsRate.windowSeconds)
        faults = FaultInjector(
            dropRate: configuration.dropRate, failRate: configuration.failRate,
            throttleRate: configuration.throttleRate, seed: seed)
        // Separate streams, so that turning on record failures does not change which requests get faults.
        processor = Processor(configuration: configuration, seed: seed &+ 1)
        latencyGenerator = SeededGenerator(seed: seed &+ 2)
        directory = Directory(seed: configuration.directorySeed)
        directoryLimiter = SlidingWindowLimiter(
            limit: configuration.directoryRate.count, windowSeconds: configuration.directoryRate.windowSeconds)
        directoryFaults = FaultInjector(
            dropRate: 0, failRate: configuration.directoryFailRate, throttleRate: 0, seed: seed &+ 3,
            statuses: [500, 503])
        batchGenerator = SeededGenerator(seed: seed &+ 4)
        job = JobStatus(code: configuration.jobState, quarantineReason: configuration.quarantineReason, since: now)
    }

    /// Processes whatever is due, unless the job is paused or quarantined (uploads then queue; docs/service.md,
    /// "Synchronization job and schema").
    mutating func drain(now: Double) {
        guard job.code == .active else { return }
        stats.processed += processor.drain(now: now, resumedAt: job.since, directory: &directory, into: &logs)
    }

    /// The emulator log lines processing produced since the last call.
    mutating func takeNotices() -> [String] {
        guard !processor.notices.isEmpty else { return [] }
        defer { processor.notices = [] }
        return processor.notices
    }
}

/// The emulator's shared state behind one lock.
///
/// `@unchecked Sendable` is sound because `model` and `baseURLStorage` are only touched inside
/// `lock.withLock`; everything else is immutable after `init`.
final class EmulatorState: @unchecked Sendable {
    let configuration: EmulatorConfiguration
    let clock: any EmulatorClock
    let issuer = AccessTokenIssuer()
    let seed: UInt64
    /// Writes one line of the emulator's own log (stderr unless a test captures it).
    let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var model: EmulatorModel
    private var baseURLStorage: String

    init(configuration: EmulatorConfiguration, clock: any EmulatorClock, log: @escaping @Sendable (String) -> Void) {
        self.configuration = configuration
        self.clock = clock
        self.log = log
        seed = configuration.seed ?? UInt64.random(in: 0...UInt64.max)
        model = EmulatorModel(configuration: configuration, seed: seed, now: clock.now())
        baseURLStorage = "http://\(configuration.host):\(configuration.port)"
    }

    /// `http://127.0.0.1:PORT`, used where the real services say `https://graph.microsoft.com`.
    var baseURL: String {
        get { lock.withLock { baseURLStorage } }
        set { lock.withLock { baseURLStorage = newValue } }
    }

    /// Runs `body` on the model under the lock, then writes the log lines it produced, outside the lock.
    func withModel<T>(_ body: (inout EmulatorModel) throws -> T) rethrows -> T {
        let (result, notices) = try lock.withLock { () throws -> (T, [String]) in
            let result = try body(&model)
            return (result, model.takeNotices())
        }
        for notice in notices { log(notice) }
        return result
    }

    /// `POST /_emulator/reset`: back to the state at start, with the same seed.
    func reset() {
        let fresh = EmulatorModel(configuration: configuration, seed: seed, now: clock.now())
        lock.withLock { model = fresh }
    }

    /// Sleeps until `--latency` plus up to `--jitter` milliseconds after `receivedAt` (wall-clock seconds; now when
    /// nil), outside the lock. Counted from the arrival, so that time spent waiting for the lock or a core is part of
    /// the latency instead of added to it: on two shared cores that added up to a quarter of a second at 1 s.
    func applyLatency(since receivedAt: Double? = nil) {
        guard configuration.latencyMilliseconds > 0 || configuration.jitterMilliseconds > 0 else { return }
        let start = receivedAt ?? Date().timeIntervalSince1970
        let jitter =
            configuration.jitterMilliseconds > 0
            ? withModel { Double($0.latencyGenerator.next() % UInt64(configuration.jitterMilliseconds + 1)) } : 0
        let wait = start + (Double(configuration.latencyMilliseconds) + jitter) / 1000 - Date().timeIntervalSince1970
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
    }
}
