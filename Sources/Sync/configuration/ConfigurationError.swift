import Foundation

/// Missing or invalid configuration: exit 78, naming the setting and where it can come from.
public struct ConfigurationError: Error, Sendable, Equatable, LocalizedError {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var errorDescription: String? { message }
}
