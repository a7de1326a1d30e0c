import Foundation

/// A bearer token and when it stops being valid.
public struct AccessToken: Sendable, Equatable {
    public let value: String
    /// In TimeSource seconds (same origin as `TimeSource.now()`); `.infinity` when unknown (pre-issued non-JWT).
    public let expiresAt: Double

    public init(value: String, expiresAt: Double) {
        self.value = value
        self.expiresAt = expiresAt
    }
}
