import Foundation

/// A value shared between tasks and threads, read and written only under its lock: the one lock box of the client.
///
/// `@unchecked Sendable`: the value is reached only inside `withLock`, and nothing else runs under the lock. A value
/// that is not itself `Sendable` must not leave the closure (copy out what is `Sendable`). Work that may block or call
/// out (a continuation resumed, a task cancelled) is done after `withLock` returns, never inside it.
package final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, under the lock.
    package func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

extension Locked where Value: Sendable {
    /// A copy of the value, read under the lock.
    package var current: Value { withLock { $0 } }
}
