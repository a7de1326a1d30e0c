/// Where Graph clients (the uploader, the provisioning-log reader) get their bearer token. It lives here, below the
/// OAuth module, so that they depend on the seam and not on how tokens are obtained.
package protocol AccessTokenProvider: Sendable {
    /// A token valid for a while yet (refreshed ahead of expiry).
    func token() async throws -> String
    /// Graph answered 401 to `rejected`: the next `token()` must fetch a new one (unless another caller already did).
    func invalidate(_ rejected: String) async
}
