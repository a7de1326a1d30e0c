import Transport

/// At most `count` units in any `seconds`, as a service that counts arrivals sees them: requests for the provisioning
/// logs' throttle of 5 per 10 s (docs/service.md, "Provisioning logs"), resource units for the directory's
/// ("Throttling of directory reads"). A request holds its units from when it starts until `seconds` after its answer
/// came back: the service saw it arrive somewhere in between, so however the network delays one request and not the
/// next, no window of the service's ever holds more than `count`.
///
/// One window serves every reader of one limit in a run (`status --wait` and its heal): separate windows would each
/// allow `count`.
package actor RequestWindow {
    private let count: Int
    private let seconds: Double
    private let time: any TimeSource
    /// When each finished request's answer came back, and its units.
    private var finished: [(time: Double, units: Int)] = []
    private var inFlight: [Int: Int] = [:]
    private var nextTicket = 0

    package init(count: Int, seconds: Double, time: any TimeSource) {
        self.count = max(1, count)
        self.seconds = seconds
        self.time = time
    }

    /// The provisioning logs' limit, 5 requests per 10 s, with a margin of a second.
    package static func provisioningLogs(time: any TimeSource) -> RequestWindow {
        RequestWindow(count: 5, seconds: 11, time: time)
    }

    /// Waits until `units` more fit (a request costing more than the whole window waits until it is empty); `finish`
    /// the ticket when the answer (or the failure) is in.
    func acquire(units: Int = 1) async throws -> Int {
        let units = max(1, units)
        while true {
            try Task.checkCancellation()
            let now = time.now()
            finished.removeAll { $0.time + seconds <= now }
            let used = finished.reduce(0) { $0 + $1.units } + inFlight.values.reduce(0, +)
            if used + units <= count || used == 0 {
                nextTicket += 1
                inFlight[nextTicket] = units
                return nextTicket
            }
            // Wait for the oldest finished request to leave the window; with everything still in flight, look again
            // shortly.
            let wait = finished.map(\.time).min().map { $0 + seconds - now } ?? 0.25
            try await time.sleep(seconds: wait)
        }
    }

    func finish(_ ticket: Int) {
        guard let units = inFlight.removeValue(forKey: ticket) else { return }
        finished.append((time.now(), units))
    }
}
