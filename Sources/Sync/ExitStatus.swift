import Graph
import Preflight
import Token

/// Exit statuses (sysexits.h where one fits): interfaces that cron jobs and CI pipelines branch on.
public enum ExitStatus: Int32, Sendable, Codable, Error, Comparable {
    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Every row accepted (or, offline, valid and written).
    case success = 0
    /// Some rows invalid, rejected or failed; the rest went through.
    case someRowsFailed = 1
    case usage = 64
    /// Data or mapping error: nothing was written or sent.
    case dataError = 65
    case noInput = 66
    /// The service stayed unavailable and the run stopped.
    case unavailable = 69
    case internalError = 70
    /// An output file (state, journal, report) could not be created or written (sysexits CANTCREAT).
    case cannotCreate = 73
    /// Stopped early on purpose (quota, --max-requests, bucket full, signal): `--resume` continues.
    case stoppedEarly = 75
    case authentication = 77
    case configuration = 78
}

extension ExitStatus {
    /// Why no token could be had, as a status: an endpoint asking for a longer wait than `--max-wait` is a resumable
    /// stop (75), one that stayed unreachable 69, a cancelled wait (a signal) 75, anything else a refusal (77).
    init(tokenFailure error: any Error) {
        if error is CancellationError {
            self = .stoppedEarly
        } else if let error = error as? TokenError, error.isResumableStop {
            self = .stoppedEarly
        } else if let error = error as? TokenError, !error.isAuthenticationFailure {
            self = .unavailable
        } else {
            self = .authentication
        }
    }
}

extension JobClientError {
    /// The exit status of a command that needed this answer.
    public var exitStatus: ExitStatus {
        switch self {
        case .forbidden, .unauthorized: .authentication
        case .notFound: .configuration
        case .rejected: .dataError
        case .unavailable, .unexpected: .unavailable
        }
    }
}

extension SchemaOperations.ApplyFailure {
    /// The exit status of `schema apply` when the schema was not changed as asked.
    public var exitStatus: ExitStatus {
        switch self {
        case .client(let error): error.exitStatus
        case .cannotAdd: .dataError
        case .stillMissing: .unavailable
        }
    }
}
