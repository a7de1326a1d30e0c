import Basics

/// Carries `SyncRun.stop()` to whatever network work the run is doing: the first token and the schema read before
/// the uploader exists, the uploader after. A stop that comes first is kept and stops each piece of work as it
/// starts.
final class StopRelay: Sendable {
    private struct State {
        var stopped = false
        var stopCurrent: (@Sendable () -> Void)?
    }

    private let state = Locked(State())

    /// Whether `stop()` was called: a failure of the work then means the run was stopped, not that the work failed.
    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Work has started that `stop` ends; it replaces the work before it.
    func started(_ stop: @escaping @Sendable () -> Void) {
        let stopNow = state.withLock { state -> Bool in
            state.stopCurrent = stop
            return state.stopped
        }
        if stopNow { stop() }
    }

    func stop() {
        let current = state.withLock { state -> (@Sendable () -> Void)? in
            state.stopped = true
            return state.stopCurrent
        }
        current?()
    }
}
