import Foundation

/// What a test double was given (requests, events, log lines), in order: a lock-protected list that `@Sendable`
/// closures append to.
package final class Recorder<Element: Sendable>: @unchecked Sendable {
    // @unchecked: `items` is only touched under `lock`.
    private let lock = NSLock()
    private var items: [Element] = []

    package init() {}

    /// Appends and returns the new item's index.
    @discardableResult
    package func append(_ item: Element) -> Int {
        lock.withLock {
            items.append(item)
            return items.count - 1
        }
    }

    package var all: [Element] { lock.withLock { items } }
    package var count: Int { lock.withLock { items.count } }
}
