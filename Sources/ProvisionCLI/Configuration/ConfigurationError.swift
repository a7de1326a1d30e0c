import Foundation

/// Missing or invalid configuration: exit 78, naming the setting and where it can come from. A credential that is
/// configured correctly but cannot authenticate (a wrong certificate password, an expired certificate) is found at
/// the same time and exits 77 (`status`).
struct ConfigurationError: Error, Sendable, Equatable, LocalizedError {
    let message: String
    let status: ExitStatus
    init(_ message: String, status: ExitStatus = .configuration) {
        self.message = message
        self.status = status
    }
    var errorDescription: String? { message }
}
