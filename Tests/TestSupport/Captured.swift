import Foundation

/// Text written by a test double (a console's stream, a log), in order.
public final class Captured: @unchecked Sendable {
    // @unchecked: `storage` is only touched under `lock`.
    private let lock = NSLock()
    private var storage = ""

    public init() {}

    public func append(_ text: String) { lock.withLock { storage += text } }
    public var text: String { lock.withLock { storage } }
}
