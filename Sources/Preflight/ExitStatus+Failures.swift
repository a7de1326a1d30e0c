import Basics
import Foundation
import Graph
import Token

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

extension ExitStatus {
    /// Why no token could be had, as a status: an endpoint asking for a longer wait than `--max-wait` is a resumable
    /// stop (75), one that stayed unreachable 69, a cancelled wait (a signal) 75, anything else a refusal (77).
    public init(tokenFailure error: any Error) {
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
