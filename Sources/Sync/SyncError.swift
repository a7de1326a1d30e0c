import CSV
import Foundation
import Mapping

/// Why a sync command stopped before (or instead of) doing its work, with the exit status that says so.
///
/// Problems with single records are never thrown: they are values in the report. These are the run-level ones,
/// each message saying what happened and what to do.
public enum SyncError: Error, Sendable, Equatable, LocalizedError {
    /// A bad option value or combination (exit 64).
    case usage(String)
    /// The input, mapping, state or journal cannot be used as it is; nothing was sent (exit 65).
    case data(String)
    /// The same, at a line of the input (1 is the header).
    case dataAt(line: Int, String)
    /// The input or mapping cannot be opened (exit 66).
    case noInput(String)
    /// The service could not be reached (exit 69).
    case unavailable(String)
    /// Another run holds the state or journal (exit 75: try again later).
    case busy(String)
    /// An output file cannot be created (exit 73).
    case cannotCreate(String)
    /// Token or permission trouble (exit 77).
    case authentication(String)
    /// Missing or invalid configuration (exit 78).
    case configuration(String)
    case internalError(String)

    public var exitStatus: ExitStatus {
        switch self {
        case .usage: .usage
        case .data, .dataAt: .dataError
        case .noInput: .noInput
        case .unavailable: .unavailable
        case .busy: .stoppedEarly
        case .cannotCreate: .cannotCreate
        case .authentication: .authentication
        case .configuration: .configuration
        case .internalError: .internalError
        }
    }

    public var errorDescription: String? {
        switch self {
        case .dataAt(_, let text): text
        case .usage(let text), .data(let text), .noInput(let text), .unavailable(let text), .busy(let text),
            .cannotCreate(let text), .authentication(let text), .configuration(let text), .internalError(let text):
            text
        }
    }

    /// The input line the error is at, when it is at one.
    public var line: Int? {
        if case .dataAt(let line, _) = self { return line }
        return nil
    }

    /// What kind of stop this is, for the report's problem entry.
    public var kind: String {
        switch self {
        case .usage: "usage"
        case .data, .dataAt: "fileError"
        case .noInput: "noInput"
        case .unavailable: "unavailable"
        case .busy: "busy"
        case .cannotCreate: "cannotCreate"
        case .authentication: "authentication"
        case .configuration: "configuration"
        case .internalError: "internalError"
        }
    }

    /// A configuration error with the exit status it names (78, or 77 for a credential that cannot authenticate).
    public init(configuration error: ConfigurationError) {
        switch error.status {
        case .authentication: self = .authentication(error.message)
        case .usage: self = .usage(error.message)
        default: self = .configuration(error.message)
        }
    }

    /// The exit status and message for an error of a lower layer met while reading the input.
    public init(reading error: any Error) {
        switch error {
        case let error as SyncError: self = error
        case let error as CSVError:
            switch error {
            case .cannotOpen: self = .noInput(error.localizedDescription)
            default:
                self =
                    error.line.map { .dataAt(line: $0, error.localizedDescription) }
                    ?? .data(error.localizedDescription)
            }
        case let error as MappingError:
            switch error {
            case .unreadableMapping: self = .noInput(error.localizedDescription)
            case .header: self = .dataAt(line: 1, error.localizedDescription)
            default: self = .data(error.localizedDescription)
            }
        case let error as LockError: self = .busy(error.localizedDescription)
        case let error as FileError: self = .cannotCreate(error.localizedDescription)
        case let error as ConfigurationError: self = SyncError(configuration: error)
        default: self = .internalError(error.localizedDescription)
        }
    }
}
