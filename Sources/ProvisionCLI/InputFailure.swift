import CSV
import CommandLineKit
import Mapping
import Presentation
import Sync

/// What reading an input or mapping file failed with, as the commands that read them report it: the message on
/// stderr, and the exit status of its kind (64 usage, 66 a file that cannot be opened, 65 bad data).
enum InputFailure {
    /// Prints `error` and returns its status; `otherwise` is the status of an error of no known kind.
    static func report(_ error: any Error, _ console: Console, otherwise: ExitStatus) -> ExitStatus {
        switch error {
        case let error as UsageError:
            console.error(error.message)
            return .usage
        case let error as CSVError:
            console.error(error.localizedDescription)
            if case .cannotOpen = error { return .noInput }
            return .dataError
        case let error as MappingError:
            console.error(error.localizedDescription)
            if case .unreadableMapping = error { return .noInput }
            return .dataError
        default:
            console.error(error.localizedDescription)
            return otherwise
        }
    }
}
