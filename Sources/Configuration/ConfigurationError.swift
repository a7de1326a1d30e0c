import Foundation

/// Missing or invalid configuration, naming the setting and where it can come from. What kind of mistake it is
/// decides the exit status (`ExitStatus(failure:)` in Sync, the one mapping): configuration (78), a credential that is
/// configured correctly but cannot authenticate, such as a wrong certificate password or an expired certificate,
/// found at the same time (77), or settings that contradict each other on the command line (64).
package struct ConfigurationError: Error, Sendable, Equatable, LocalizedError {
    package enum Kind: Sendable, Equatable {
        /// Missing or invalid: the endpoint, tenant, client or credential.
        case configuration
        /// Configured, but Entra would refuse it (a wrong password, an expired certificate).
        case authentication
        /// Settings given together that cannot be (both a secret file and a certificate as flags).
        case usage
    }

    package let message: String
    package let kind: Kind
    package init(_ message: String, kind: Kind = .configuration) {
        self.message = message
        self.kind = kind
    }
    package var errorDescription: String? { message }
}
