import Foundation

/// The cancellation of the network work a run does before its uploader exists (the first token, the schema read)
/// while it runs; a stop that comes first cancels each as it starts.
final class PreflightSlot: @unchecked Sendable {
    // @unchecked: `cancel` and `stopped` are only read and written under `lock`.
    private let lock = NSLock()
    private var cancel: (@Sendable () -> Void)?
    private var stopped = false

    /// Whether `stop()` was called: a failure of the work then means the run was stopped, not that the work failed.
    var isStopped: Bool { lock.withLock { stopped } }

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
