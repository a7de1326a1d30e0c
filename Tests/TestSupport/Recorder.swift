import Foundation

/// What a test double was given (requests, events, log lines), in order: a lock-protected list that `@Sendable`
/// closures append to.
public final class Recorder<Element: Sendable>: @unchecked Sendable {
    // @unchecked: `items` is only touched under `lock`.
    private let lock = NSLock()
    private var items: [Element] = []

    public init() {}

    /// Appends and returns the new item's index.
    @discardableResult
    public func append(_ item: Element) -> Int {
        lock.withLock {
            items.append(item)
            return items.count - 1
        }
    }

    public var all: [Element] { lock.withLock { items } }
    public var count: Int { lock.withLock { items.count } }
}
