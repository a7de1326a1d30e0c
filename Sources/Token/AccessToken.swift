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

/// What the uploader and log reader use.
public protocol AccessTokenProvider: Sendable {
    /// A token valid for a while yet (refreshed ahead of expiry).
    func token() async throws -> String
    /// Graph answered 401 to `rejected`: the next `token()` must fetch a new one (unless another caller already did).
    func invalidate(_ rejected: String) async
}
