import Foundation

/// A bearer token and when it stops being valid.
package struct AccessToken: Sendable, Equatable {
    package let value: String
    /// In TimeSource seconds (same origin as `TimeSource.now()`); `.infinity` when unknown (pre-issued non-JWT).
    package let expiresAt: Double

    package init(value: String, expiresAt: Double) {
        self.value = value
        self.expiresAt = expiresAt
    }
}
