import Foundation

/// Text written by a test double (a console's stream, a log), in order.
package final class Captured: @unchecked Sendable {
    // @unchecked: `storage` is only touched under `lock`.
    private let lock = NSLock()
    private var storage = ""

    package init() {}

    package func append(_ text: String) { lock.withLock { storage += text } }
    package var text: String { lock.withLock { storage } }
}
