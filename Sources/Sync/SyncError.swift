import CSV
import Configuration
import Export
import Foundation
import HRSources
import JSONRecords
import Mapping

/// Why a sync command stopped before (or instead of) doing its work; `ExitStatus(failure:)` gives its status.
///
/// Problems with single records are never thrown: they are values in the report. These are the run-level ones,
/// each message saying what happened and what to do.
package enum SyncError: Error, Sendable, Equatable, LocalizedError {
    /// A bad option value or combination (exit 64).
    case usage(String)
    /// The input, mapping, state or journal cannot be used as it is; nothing was sent (exit 65).
    case data(String)
    /// The same, at a line of the input (1 is the header).
    case dataAt(line: Int, String)
    /// A brake holds: the run would disable or rename more people than `--max-disable` or `--max-rename` allow
    /// (exit 65); nothing was sent.
    case brake(BrakeOutcome)
    /// A mapping (or header) that cannot be used: each of its problems, and the data rows of the export (nil when
    /// they were not counted). Exit 65, or 66 for a mapping file that cannot be read.
    case mapping(MappingError, rows: Int?)
    /// The input or mapping cannot be opened (exit 66).
    case noInput(String)
    /// An HR source could not be read into its snapshot; its kind decides the status (`ExitStatus(failure:)`).
    case source(SourceError)
    /// The service could not be reached (exit 69).
    case unavailable(String)
    /// Another run holds the state or journal (exit 75: try again later).
    case busy(String)
    /// Stopped on purpose before the work was done: a signal, or a server asking for a longer wait than allowed
    /// (exit 75: run again later).
    case stopped(String)
    /// An output file cannot be created (exit 73).
    case cannotCreate(String)
    /// Token or permission trouble (exit 77).
    case authentication(String)
    /// Missing or invalid configuration (exit 78).
    case configuration(String)
    case internalError(String)

    /// Its status, from the one mapping.
    package var exitStatus: ExitStatus { ExitStatus(failure: self) }

    package var errorDescription: String? {
        switch self {
        case .dataAt(_, let text): text
        case .brake(let stop): stop.message
        case .mapping(let error, _): error.localizedDescription
        case .source(let error): error.localizedDescription
        case .usage(let text), .data(let text), .noInput(let text), .unavailable(let text), .busy(let text),
            .stopped(let text), .cannotCreate(let text), .authentication(let text), .configuration(let text),
            .internalError(let text):
            text
        }
    }

    /// The input line the error is at, when it is at one.
    package var line: Int? {
        if case .dataAt(let line, _) = self { return line }
        if case .mapping(.header, _) = self { return 1 }
        return nil
    }

    /// The report's problem entries for this stop: one per problem of a mapping (with its file, attribute, closest
    /// match and line), else one.
    package var problems: [Problem] {
        guard case .mapping(let error, _) = self else {
            return [
                Problem(
                    line: line ?? 0, externalId: nil, column: nil, severity: .error,
                    message: localizedDescription, kind: kind)
            ]
        }
        return error.problems.map { problem in
            let detail = problem.reportDetail
            return Problem(
                line: detail.line ?? 0, externalId: nil, column: detail.attribute, severity: .error,
                message: problem.localizedDescription, kind: detail.kind, file: problem.path,
                suggestion: detail.suggestion)
        }
    }

    /// What kind of stop this is, for the report's problem entry.
    package var kind: String {
        switch self {
        case .usage: "usage"
        case .data, .dataAt, .mapping: "fileError"
        case .brake: "brake"
        case .noInput: "noInput"
        case .source: "source"
        case .unavailable: "unavailable"
        case .busy: "busy"
        case .stopped: "stopped"
        case .cannotCreate: "cannotCreate"
        case .authentication: "authentication"
        case .configuration: "configuration"
        case .internalError: "internalError"
        }
    }

    /// An export with rows, none of them valid: nothing can be sent or written (exit 65, not a partial failure).
    package static func everyRowInvalid(_ export: BatchedExport) -> SyncError? {
        guard export.rows > 0, export.valid == 0, export.batches.isEmpty else { return nil }
        return .data(
            "nothing could be sent: every \(export.naming.unit) is invalid (\(export.rows) \(export.rows == 1 ? export.naming.unit : export.naming.unit + "s")); "
                + "fix the errors above and run again")
    }

    /// A configuration error as the kind of stop it is (configuration, a credential that cannot authenticate, or
    /// settings that contradict each other).
    package init(configuration error: ConfigurationError) {
        switch error.kind {
        case .authentication: self = .authentication(error.message)
        case .usage: self = .usage(error.message)
        case .configuration: self = .configuration(error.message)
        }
    }

    /// The stop (its kind, message and report entries) for an error of a lower layer met while reading the input.
    package init(reading error: any Error) {
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
        case let unusable as UnusableMapping: self = .mapping(unusable.error, rows: unusable.rows)
        case let error as MappingError: self = .mapping(error, rows: nil)
        case let error as JSONRecordsError:
            switch error.problem {
            case .cannotOpen: self = .noInput(error.localizedDescription)
            default:
                self =
                    (error.recordIndex.map { $0 + 1 } ?? error.line).map {
                        .dataAt(line: $0, error.localizedDescription)
                    }
                    ?? .data(error.localizedDescription)
            }
        case let error as SourceError: self = .source(error)
        case let error as LockError: self = .busy(error.localizedDescription)
        case let error as FileError: self = .cannotCreate(error.localizedDescription)
        case let error as ConfigurationError: self = SyncError(configuration: error)
        default: self = .internalError(error.localizedDescription)
        }
    }
}
