import Foundation

/// The cancellation of the schema pre-flight while it runs; a stop that comes first cancels it as it starts.
final class PreflightSlot: @unchecked Sendable {
    // @unchecked: `cancel` and `stopped` are only read and written under `lock`.
    private let lock = NSLock()
    private var cancel: (@Sendable () -> Void)?
    private var stopped = false

    func started(_ cancel: @escaping @Sendable () -> Void) {
        let stopNow = lock.withLock { () -> Bool in
            self.cancel = cancel
            return stopped
        }
        if stopNow { cancel() }
    }

    func stop() {
        let cancel = lock.withLock { () -> (@Sendable () -> Void)? in
            stopped = true
            return self.cancel
        }
        cancel?()
    }
}
