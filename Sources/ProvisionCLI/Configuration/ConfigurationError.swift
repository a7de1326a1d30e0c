import Foundation

/// Missing or invalid configuration: exit 78, naming the setting and where it can come from.
struct ConfigurationError: Error, Sendable, Equatable, LocalizedError {
    let message: String
    init(_ message: String) { self.message = message }
    var errorDescription: String? { message }
}
