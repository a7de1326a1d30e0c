public protocol AccessTokenProvider: Sendable {
    func token() async throws -> String        // throws on authentication failure
    func invalidate(_ rejected: String) async  // after a 401: next token() fetches a new one
}
