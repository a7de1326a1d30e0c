import CSV
import Configuration
import Export
import Graph
import HRSources
import JSONRecords
import Mapping
import Preflight
import Token
import Uploader

/// How a command, or one step of it, ended: a failure of any layer, or a result. `ExitStatus(_:)` maps each to its
/// status, the one place that does.
package enum CommandOutcome {
    /// Done as asked (help, a schema written, a tenant ready, every record succeeded).
    case completed
    /// An error of any layer: the run stopped before or instead of its work.
    case failed(any Error)
    /// No token could be had. Unlike other failures, an error of no known kind is a refusal (77).
    case tokenUnobtainable(any Error)
    /// Rows were read and checked (validate, plan, dry run, mapping test): any invalid one is a partial failure.
    case rows(invalid: Int)
    /// An upload ran: why it stopped (nil: it got through every batch), and whether every batch was accepted and
    /// every row was valid.
    case upload(stop: StopReason?, everythingAccepted: Bool)
    /// The provisioning logs were read (status): records that failed, and whether every record has an outcome.
    case logs(failures: Int, complete: Bool)
    /// Unresolved references healed: those still waiting for the logs, and those still failing or not healable.
    case heal(pending: Int, unhealed: Int)
    /// The provisioning job is not active (check).
    case jobInactive
    /// The token lacks the app role uploads need (check).
    case roleMissing
    /// The mapping sends attributes the job's schema lacks: refused before anything is sent (upload, check), or
    /// reported (schema diff, schema apply without --yes).
    case schemaLacks(refused: Bool)
}

extension ExitStatus {
    /// The exit status of an outcome: the one mapping from what happened to the status cron jobs and CI read.
    package init(_ outcome: CommandOutcome) {
        switch outcome {
        case .completed: self = .success
        case .failed(let error): self = Self.status(of: error)
        case .tokenUnobtainable(let error):
            // An endpoint asking for a longer wait than `--max-wait` is a resumable stop, one that stayed unreachable
            // 69, a cancelled wait (a signal) 75; a provider's own refusal 77.
            if error is CancellationError || error is TokenError {
                self = Self.status(of: error)
            } else {
                self = .authentication
            }
        case .rows(let invalid): self = invalid > 0 ? .someRowsFailed : .success
        case .upload(let stop, let everythingAccepted):
            switch stop {
            case .forbidden?, .unauthorized?: self = .authentication
            case .notFound?, .redirected?: self = .configuration
            case .unavailable?: self = .unavailable
            // The run's own spool file could not be read back: local storage trouble, like a journal or state that
            // cannot be written (73), neither the service (69) nor a bug (70).
            case .sourceFailed?: self = .cannotCreate
            case .maxRequestsReached?, .bucketFull?, .cancelled?, .waitTooLong?: self = .stoppedEarly
            case nil: self = everythingAccepted ? .success : .someRowsFailed
            }
        case .logs(let failures, let complete):
            self = failures > 0 ? .someRowsFailed : (complete ? .success : .stoppedEarly)
        case .heal(let pending, let unhealed):
            self = pending > 0 ? .stoppedEarly : (unhealed > 0 ? .someRowsFailed : .success)
        case .jobInactive: self = .someRowsFailed
        case .roleMissing: self = .authentication
        case .schemaLacks(let refused): self = refused ? .dataError : .someRowsFailed
        }
    }

    /// The exit status of a failure.
    package init(failure: any Error) { self.init(.failed(failure)) }

    private static func status(of error: any Error) -> ExitStatus {
        switch error {
        case let error as SyncError:
            switch error {
            case .usage: .usage
            case .data, .dataAt, .brake: .dataError
            case .mapping(let error, _): status(of: error)
            case .noInput: .noInput
            case .source(let error): status(of: error)
            case .unavailable: .unavailable
            case .busy, .stopped: .stoppedEarly
            case .cannotCreate: .cannotCreate
            case .authentication: .authentication
            case .configuration: .configuration
            case .internalError: .internalError
            }
        case let error as ConfigurationError:
            switch error.kind {
            case .configuration: .configuration
            case .authentication: .authentication
            case .usage: .usage
            }
        case let error as CSVError:
            if case .cannotOpen = error { .noInput } else { .dataError }
        case let error as JSONRecordsError:
            if case .cannotOpen = error.problem { .noInput } else { .dataError }
        case let error as SourceError: status(of: error.kind)
        case let error as MappingError:
            if case .unreadableMapping = error { .noInput } else { .dataError }
        case let error as UnusableMapping: status(of: error.error)
        case is LockError: .stoppedEarly
        case is FileError: .cannotCreate
        case let error as JobClientError:
            switch error {
            case .forbidden, .unauthorized: .authentication
            case .notFound: .configuration
            case .rejected: .dataError
            case .unavailable, .unexpected: .unavailable
            }
        case let error as SchemaOperations.ApplyFailure:
            switch error {
            case .client(let error): status(of: error)
            case .cannotAdd: .dataError
            case .stillMissing: .unavailable
            }
        case let error as ProvisioningLogError:
            switch error {
            case .forbidden, .unauthorized: .authentication
            case .unavailable: .unavailable
            case .unexpected: .internalError
            }
        case is CancellationError: .stoppedEarly
        case let error as TokenError:
            if error.isResumableStop {
                .stoppedEarly
            } else if !error.isAuthenticationFailure {
                .unavailable
            } else {
                .authentication
            }
        case let error as ExitStatus: error
        default: .internalError
        }
    }

    /// An HR source that could not be read (docs/hr-sources.md, "Reading a source"): what has to change, on this side
    /// (78) or the source's (77: credentials refused), what only waiting mends (69, 75), what the source sent (65).
    private static func status(of kind: SourceError.Kind) -> ExitStatus {
        switch kind {
        case .configuration, .secret, .insecure, .otherHost: .configuration
        case .refused, .token: .authentication
        // A final 5xx is the source being down; any other final status (404: a wrong URL) is the settings'.
        case .failed(_, let status, _): status >= 500 ? .unavailable : .configuration
        case .unavailable: .unavailable
        case .waitTooLong, .cancelled: .stoppedEarly
        case .loop, .tooManyPages, .malformed, .unexpected, .pageTooLarge, .tooMuch: .dataError
        case .snapshot: .cannotCreate
        }
    }
}
