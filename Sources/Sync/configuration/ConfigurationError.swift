import Foundation

/// Missing or invalid configuration: exit 78, naming the setting and where it can come from. A credential that is
/// configured correctly but cannot authenticate (a wrong certificate password, an expired certificate) is found at
/// the same time and exits 77 (`status`).
public struct ConfigurationError: Error, Sendable, Equatable, LocalizedError {
    public let message: String
    public let status: ExitStatus
    public init(_ message: String, status: ExitStatus = .configuration) {
        self.message = message
        self.status = status
    }
    public var errorDescription: String? { message }
}
