import Dispatch
import Foundation
import Sync

/// Turns SIGINT and SIGTERM into a clean stop: batches in flight finish and are journalled, nothing new starts,
/// and the run exits 75 so that `--resume` continues.
final class SignalTrap: @unchecked Sendable {
    // @unchecked: `sources` is set once in init and only cancelled in `cancel()`, both on the owning task.
    private var sources: [DispatchSourceSignal] = []

    init(_ handler: @escaping @Sendable (Int32) -> Void) {
        // cron, systemd or a parent process may have started us with these blocked; a stop request must still arrive.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTERM)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { handler(signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        sources = []
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
