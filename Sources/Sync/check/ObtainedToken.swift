import Transport

/// The one token `check` already obtained, for the job and schema reads that follow (a 401 is not retried).
struct ObtainedToken: AccessTokenProvider {
    let value: String
    init(_ value: String) { self.value = value }
    func token() async throws -> String { value }
    func invalidate(_ rejected: String) async {}
}
