import Foundation
import Transport

/// Fetches one token (no caching). Retries transport errors and 5xx/429 with backoff, within the run's limits
/// (`TokenRetryPolicy`: `--max-attempts`, `--timeout`, `--max-wait`); never retries 4xx AADSTS errors. Cancelling the
/// calling task ends it promptly, whatever the endpoint is doing.
///
/// Secrets, assertions and tokens never reach an error: the credential's secrets are registered with
/// `SecretRegistry.shared` when the client is made (and each assertion when it is read, each token when it arrives),
/// and anything a server sends is cleaned by `ServerText` before it is quoted.
package struct TokenClient: Sendable {
    let credential: Credential
    let cloud: CloudProfile
    let transport: any HTTPTransport
    let time: any TimeSource
    /// Wall-clock "now", needed only to turn epoch expiries (`expires_on`, a JWT's `exp`) into TimeSource time.
    let wallClock: @Sendable () -> Date
    let retry: TokenRetryPolicy

    /// - Parameter retry: the run's limits; token endpoints answer in well under a second when healthy.
    package init(
        credential: Credential, cloud: CloudProfile, transport: any HTTPTransport, time: any TimeSource,
        retry: TokenRetryPolicy = TokenRetryPolicy()
    ) {
        self.init(
            credential: credential, cloud: cloud, transport: transport, time: time, wallClock: { Date() }, retry: retry)
    }

    /// The seam for tests that pin the wall clock.
    init(
        credential: Credential, cloud: CloudProfile, transport: any HTTPTransport, time: any TimeSource,
        wallClock: @escaping @Sendable () -> Date, retry: TokenRetryPolicy = TokenRetryPolicy()
    ) {
        self.credential = credential
        self.cloud = cloud
        self.transport = transport
        self.time = time
        self.wallClock = wallClock
        self.retry = retry
        SecretRegistry.shared.register(credential.secrets)
    }

    /// One token, straight from the source. Throws `TokenError` (or `CancellationError` when the task is cancelled).
    package func fetch() async throws -> AccessToken {
        if case .preIssued(let token) = credential { return try preIssued(token) }
        let (response, url, sent, startedAt) = try await sendWithRetries()
        let token = try interpret(response, from: url, startedAt: startedAt, scrubbing: sent)
        SecretRegistry.shared.register([token.value])
        return token
    }

    /// Sends until an answer is final: a non-retryable status, or the attempts are used up (then the last answer is
    /// returned for `interpret` to turn into an error). Transport failures on the last attempt become `.unreachable`;
    /// a Retry-After beyond the run's `maxWait` is `.waitTooLong` at once.
    /// Each attempt is prepared afresh (a new signed assertion, a re-read token file); `sent` collects the assertions
    /// of every attempt so that none of them can come back in an error.
    private func sendWithRetries() async throws -> (HTTPResponse, url: URL, sent: [String], startedAt: Double) {
        var sent: [String] = []
        return try await retry.run(time: time, cancelled: CancellationError()) { attempt in
            try Task.checkCancellation()
            let prepared = try prepareRequest()
            let request = prepared.request
            SecretRegistry.shared.register(prepared.extraSecrets)
            sent += prepared.extraSecrets
            let startedAt = time.now()
            let failure: String
            do {
                let response = try await transport.send(request)
                let answer = (response, request.url, sent, startedAt)
                guard RetryPolicy.isRetryable(status: response.status, managedIdentity: credential.isManagedIdentity)
                else { return .finished(answer) }
                let header = response.header("Retry-After")
                return .failed(
                    last: .success(answer), retryAfter: RetryPolicy.retryAfterSeconds(header, now: wallClock()),
                    tooLong: { [sent] wait in
                        TokenError.waitTooLong(
                            url: Self.displayURL(request.url), httpStatus: response.status,
                            retryAfter: ServerText.clean(header ?? "", extra: sent, limit: 100), seconds: wait,
                            maxWait: retry.maxWait)
                    })
            } catch TransportError.cancelled {
                throw CancellationError()
            } catch let error as TransportError {
                failure = ServerText.clean(error.localizedDescription, extra: sent)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failure = ServerText.clean(String(describing: error), extra: sent)
            }
            let tries = attempt == 1 ? "1 attempt" : "\(attempt) attempts"
            return .failed(
                last: .failure(
                    TokenError.unreachable(url: Self.displayURL(request.url), reason: "\(failure) (after \(tries))")))
        }
    }

    /// A pre-issued token is used as is; its JWT `exp`, when there is one, is the only expiry known.
    private func preIssued(_ token: String) throws -> AccessToken {
        guard !token.isEmpty else { throw TokenError.cannotRefresh }
        guard let exp = TokenClaims.decode(token)?.expiresAt else {
            return AccessToken(value: token, expiresAt: .infinity)
        }
        let now = time.now()
        let expiresAt = now + exp.timeIntervalSince(wallClock())
        guard expiresAt > now else { throw TokenError.cannotRefresh }
        return AccessToken(value: token, expiresAt: expiresAt)
    }

    /// Server text made safe to quote: every secret the credential holds, `extra` (e.g. the assertions sent), tokens
    /// and JWT-shaped strings removed in every encoding, control characters escaped (`ServerText`).
    func redact(_ text: String, extra: [String] = [], limit: Int = ServerText.defaultLimit) -> String {
        ServerText.clean(text, extra: credential.secrets + extra, limit: limit)
    }

    /// Scheme, host, port and path: enough to locate the endpoint, without query values.
    static func displayURL(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return "the token endpoint"
        }
        components.query = nil
        components.user = nil
        components.password = nil
        return components.string ?? "the token endpoint"
    }
}
