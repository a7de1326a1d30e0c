import Transport

/// At most `count` request starts in any `seconds` (the provisioning logs' throttle of 5 per 10 s; docs/service.md,
/// "Provisioning logs").
actor RequestWindow {
    private let count: Int
    private let seconds: Double
    private let time: any TimeSource
    private var starts: [Double] = []

    init(count: Int, seconds: Double, time: any TimeSource) {
        self.count = count
        self.seconds = seconds
        self.time = time
    }

    func acquire() async throws {
        while true {
            try Task.checkCancellation()
            let now = time.now()
            starts.removeAll { $0 <= now - seconds }
            if starts.count < count {
                starts.append(now)
                return
            }
            try await time.sleep(seconds: starts[0] + seconds - now)
        }
    }
}
