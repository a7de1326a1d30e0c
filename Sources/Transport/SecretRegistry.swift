import Foundation

/// The secrets this process holds, registered where they are read (credentials, assertions, issued tokens), so that
/// every piece of server text is cleaned of all of them whatever module it enters through (`ServerText`).
///
/// Values shorter than `minimumLength` are not registered: removed from every message, a four-letter value would
/// mangle ordinary words. Real client secrets, assertions, identity headers and tokens are far longer; whoever holds
/// a short one passes it to `ServerText.clean(_:extra:)` where it may be echoed (the token client does).
public final class SecretRegistry: @unchecked Sendable {
    // @unchecked Sendable: `secrets` and `cached` are only read or written while `lock` is held, and nothing else runs
    // under the lock.
    private let lock = NSLock()
    private var secrets = Set<String>()
    private var cached = Redactor(secrets: [])

    public static let shared = SecretRegistry()
    public static let minimumLength = 8

    public init() {}

    /// Adds secrets (shorter than `minimumLength`: ignored); registering one again costs nothing.
    public func register(_ values: [String]) {
        lock.withLock {
            var changed = false
            for value in values where value.count >= Self.minimumLength {
                changed = secrets.insert(value).inserted || changed
            }
            if changed { cached = Redactor(secrets: Array(secrets)) }
        }
    }

    /// A redactor for everything registered so far.
    public var redactor: Redactor { lock.withLock { cached } }
}
