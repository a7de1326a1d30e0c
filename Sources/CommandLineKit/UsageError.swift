/// A command line that does not fit the command: exit 64 with the message and a pointer to help.
public struct UsageError: Error, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
