import Foundation
import Transport

/// A token provider that always hands out the same token and counts the invalidations it was told of.
public final class FixedTokens: AccessTokenProvider, @unchecked Sendable {
    // @unchecked: `invalidations` is only touched under `lock`; `value` never changes.
    private let lock = NSLock()
    private var invalidations = 0
    private let value: String

    public init(_ value: String = "tok") { self.value = value }

    public var invalidated: Int { lock.withLock { invalidations } }
    public func token() async throws -> String { value }
    public func invalidate(_ rejected: String) async { lock.withLock { invalidations += 1 } }
}
