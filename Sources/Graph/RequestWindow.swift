import Transport

/// At most `count` requests in any `seconds`, as a service that counts arrivals sees them (the provisioning logs'
/// throttle of 5 per 10 s; docs/service.md, "Provisioning logs"). A request holds its slot from when it starts until
/// `seconds` after its answer came back: the service saw it arrive somewhere in between, so however the network
/// delays one request and not the next, no window of the service's ever holds more than `count`.
///
/// One window serves every reader of one limit in a run (`status --wait` and its heal): separate windows would each
/// allow `count`.
public actor RequestWindow {
    private let count: Int
    private let seconds: Double
    private let time: any TimeSource
    /// When each finished request's answer came back.
    private var finished: [Double] = []
    private var inFlight: Set<Int> = []
    private var nextTicket = 0

    public init(count: Int, seconds: Double, time: any TimeSource) {
        self.count = count
        self.seconds = seconds
        self.time = time
    }

    /// The provisioning logs' limit, 5 requests per 10 s, with a margin of a second.
    public static func provisioningLogs(time: any TimeSource) -> RequestWindow {
        RequestWindow(count: 5, seconds: 11, time: time)
    }

    /// Waits for a slot; `finish` the ticket when the answer (or the failure) is in.
    func acquire() async throws -> Int {
        while true {
            try Task.checkCancellation()
            let now = time.now()
            finished.removeAll { $0 + seconds <= now }
            if finished.count + inFlight.count < count {
                nextTicket += 1
                inFlight.insert(nextTicket)
                return nextTicket
            }
            // Every slot is taken by a request still in flight: look again shortly.
            let wait = finished.min().map { $0 + seconds - now } ?? 0.25
            try await time.sleep(seconds: wait)
        }
    }

    func finish(_ ticket: Int) {
        guard inFlight.remove(ticket) != nil else { return }
        finished.append(time.now())
    }
}
