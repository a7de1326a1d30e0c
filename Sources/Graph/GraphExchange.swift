import Foundation
import Transport

/// One Graph call with the conventions every Graph client here shares (docs/service.md, "Graph conventions"): a
/// fresh token for each attempt (registered for redaction), one refresh after a 401, and 429, 5xx and network
/// errors tried `maxAttempts` times in all by the client's one retry loop (`RetryPolicy.run`), waiting as Retry-After
/// says but never longer than `maxWait`. What a status means beyond that is the client's to say (`Failure.refused`).
/// `GraphBatchClient` applies the same policy to each request inside a JSON batch (`retryDelay`).
package struct GraphExchange: Sendable {
    /// Why a call ended without a 2xx answer.
    package enum Failure: Error, Sendable {
        /// No token, or 401 after a fresh one.
        case unauthorized(String)
        /// 403; `code` is Graph's error code when the answer had a body.
        case forbidden(code: String?)
        /// Any other 4xx or unexpected status, with Graph's error (the client names what it means).
        case refused(status: Int, GraphError)
        /// Unreachable, throttled or failing after every attempt, a wait longer than allowed, or cancelled.
        case unavailable(String)
        /// An HTML page (a proxy's or captive portal's) or an answer larger than allowed.
        case unexpected(status: Int, detail: String)
    }

    let transport: any HTTPTransport
    let tokens: any AccessTokenProvider
    let time: any TimeSource
    let requests: GraphRequest
    /// `maxAttempts` and `maxWait` on the client's one backoff curve.
    let retry: RetryPolicy
    /// Named in the message when a Retry-After asks for longer than `maxWait` ("the provisioning logs").
    let service: String
    /// The answers tried again: throttling and the server errors that say nothing about the request.
    package static let retriedStatuses: Set<Int> = [429, 500, 502, 503, 504]

    package init(
        transport: any HTTPTransport, tokens: any AccessTokenProvider, time: any TimeSource, requests: GraphRequest,
        maxAttempts: Int, maxWait: Double, service: String
    ) {
        self.transport = transport
        self.tokens = tokens
        self.time = time
        self.requests = requests
        retry = RetryPolicy(
            maxAttempts: maxAttempts, requestTimeoutSeconds: requests.timeoutSeconds, maxWait: maxWait)
        self.service = service
    }

    /// Sends the request until it is answered 2xx (returned) or fails for good (thrown). Every attempt takes `units`
    /// of `window` (the service's own limit), held until its answer is in.
    package func send(
        _ method: String, _ url: URL, body: Data? = nil, contentType: String? = nil, headers: [String: String] = [:],
        maxSuccessBodyBytes: Int, window: RequestWindow? = nil, units: Int = 1
    ) async throws(Failure) -> HTTPResponse {
        var refreshed = false
        return try await retry.run(time: time, cancelled: Failure.unavailable("cancelled")) {
            (attempt) throws(Failure) -> RetryOutcome<HTTPResponse, Failure> in
            let token: String
            do {
                token = try await tokens.token()
                SecretRegistry.shared.register([token])
            } catch {
                throw .unauthorized(ServerText.clean(error.localizedDescription))
            }
            var ticket: Int?
            do { ticket = try await window?.acquire(units: units) } catch { throw .unavailable("cancelled") }
            var request = requests.make(
                method, url, token: token, body: body, contentType: contentType,
                maxSuccessBodyBytes: maxSuccessBodyBytes)
            for (name, value) in headers { request.headers[name] = value }
            let response: HTTPResponse
            do {
                response = try await transport.send(request)
                if let ticket { await window?.finish(ticket) }
            } catch {
                if let ticket { await window?.finish(ticket) }
                if case TransportError.cancelled = error { throw .unavailable("cancelled") }
                return .failed(last: .failure(.unavailable(GraphError(transportFailure: error).message)))
            }
            if response.isHTML { throw .unexpected(status: response.status, detail: GraphError.htmlMessage(response)) }
            // A 2xx body is the caller's to read: it is never quoted (nor redacted) here.
            if (200...299).contains(response.status) { return .finished(response) }
            let error = GraphError(response: response)
            switch response.status {
            case 401 where !refreshed:
                refreshed = true
                await tokens.invalidate(token)
                return .again
            case 401:
                throw .unauthorized("\(error.code): \(error.message)")
            case 403:
                throw .forbidden(code: response.body.isEmpty ? nil : error.code)
            case let status where Self.retriedStatuses.contains(status):
                let header = response.header("Retry-After")
                return .failed(
                    last: .failure(.unavailable("HTTP \(status) after \(attempt) attempts: \(error.message)")),
                    retryAfter: RetryPolicy.retryAfterSeconds(header),
                    tooLong: { [self] wait in tooLong(wait, header: header) })
            default:
                throw .refused(status: response.status, error)
            }
        }
    }

    /// The wait before trying again a request answered `status` (one of `retriedStatuses`) on its `attempt`-th
    /// attempt, by the same policy as `send`'s: as its Retry-After `header` says, else the backoff curve's. Thrown
    /// when the attempts are used up or the server asked for longer than `maxWait` (naming its Retry-After).
    func retryDelay(status: Int, error: GraphError, header: String?, attempt: Int) throws(Failure) -> Double {
        let retryAfter = RetryPolicy.retryAfterSeconds(header)
        guard let wait = retry.delay(afterAttempt: attempt, retryAfter: retryAfter) else {
            throw .unavailable("HTTP \(status) after \(attempt) attempts: \(error.message)")
        }
        if retry.isTooLong(retryAfter) { throw tooLong(wait, header: header) }
        return wait
    }

    private func tooLong(_ wait: Double, header: String?) -> Failure {
        .unavailable(
            "\(service) asked to wait \(Int(wait)) s (Retry-After: \(ServerText.clean(header ?? "", limit: 60))), "
                + "longer than the \(Int(retry.maxWait)) s allowed; try again later")
    }

    /// Waits `seconds` on the injected clock.
    func pause(_ seconds: Double) async throws(Failure) {
        do { try await time.sleep(seconds: seconds) } catch { throw .unavailable("cancelled") }
    }
}
