import Basics
import Foundation

/// The secrets this process holds, registered where they are read (credentials, assertions, issued tokens), so that
/// every piece of server text is cleaned of all of them whatever module it enters through (`ServerText`).
///
/// Values shorter than `minimumLength` are not registered: removed from every message, a four-letter value would
/// mangle ordinary words. Real client secrets, assertions, identity headers and tokens are far longer; whoever holds
/// a short one passes it to `ServerText.clean(_:extra:)` where it may be echoed (the token client does).
package final class SecretRegistry: Sendable {
    /// The secrets, and a redactor for them made when they change.
    private struct State {
        var secrets = Set<String>()
        var redactor = Redactor(secrets: [])
    }

    private let state = Locked(State())

    package static let shared = SecretRegistry()
    package static let minimumLength = 8

    package init() {}

    /// Adds secrets (shorter than `minimumLength`: ignored); registering one again costs nothing.
    package func register(_ values: [String]) {
        state.withLock { state in
            var changed = false
            for value in values where value.count >= Self.minimumLength {
                changed = state.secrets.insert(value).inserted || changed
            }
            if changed { state.redactor = Redactor(secrets: Array(state.secrets)) }
        }
    }

    /// A redactor for everything registered so far.
    package var redactor: Redactor { state.withLock { $0.redactor } }
}
