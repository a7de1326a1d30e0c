/// A command line that does not fit the command: exit 64 with the message and a pointer to help.
package struct UsageError: Error, Sendable, Equatable {
    package let message: String
    package init(_ message: String) { self.message = message }
}
