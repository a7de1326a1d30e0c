import CommandLineKit
import Presentation
import Sync

/// A command that fails before or instead of its work: the message on stderr, and the status of its kind from the
/// one mapping (`ExitStatus(failure:)`). A command line that does not fit its command (`UsageError`, from the
/// parser, which knows nothing of statuses) is a usage stop like any other.
enum CommandFailure {
    /// Prints why `error` stopped the command and returns its status.
    static func report(_ error: any Error, _ console: Console) -> ExitStatus {
        let failure: any Error = (error as? UsageError).map { SyncError.usage($0.message) } ?? error
        console.error(failure.localizedDescription)
        return ExitStatus(failure: failure)
    }
}
