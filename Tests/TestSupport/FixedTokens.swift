import Foundation
import Transport

/// A token provider that always hands out the same token and counts the invalidations it was told of.
package final class FixedTokens: AccessTokenProvider, @unchecked Sendable {
    // @unchecked: `invalidations` is only touched under `lock`; `value` never changes.
    private let lock = NSLock()
    private var invalidations = 0
    private let value: String

    package init(_ value: String = "tok") { self.value = value }

    package var invalidated: Int { lock.withLock { invalidations } }
    package func token() async throws -> String { value }
    package func invalidate(_ rejected: String) async { lock.withLock { invalidations += 1 } }
}
