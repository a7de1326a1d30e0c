import Foundation
import Transport

/// One Graph call with the conventions every Graph client here shares (docs/service.md, "Graph conventions"): a
/// fresh token for each attempt (registered for redaction), one refresh after a 401, and 429, 5xx and network
/// errors tried `maxAttempts` times in all on one backoff curve, waiting as Retry-After says but never longer than
/// `maxWait`. What a status means beyond that is the client's to say (`Failure.refused`).
struct GraphExchange: Sendable {
    /// Why a call ended without a 2xx answer.
    enum Failure: Error, Sendable {
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
    let maxAttempts: Int
    let maxWait: Double
    /// Named in the message when a Retry-After asks for longer than `maxWait` ("the provisioning logs").
    let service: String
    /// The client's backoff curve without jitter (one caller, nothing to spread): 2, 4, 8, 16, 30 s.
    let backoff = Backoff(base: 2, cap: 30)

    /// Sends the request until it is answered 2xx (returned) or fails for good (thrown). Every attempt takes a slot
    /// of `window` (the logs' own limit), held until its answer is in.
    func send(
        _ method: String, _ url: URL, body: Data? = nil, contentType: String? = nil, maxSuccessBodyBytes: Int,
        window: RequestWindow? = nil
    ) async throws(Failure) -> HTTPResponse {
        var refreshed = false
        var attempt = 0
        while true {
            attempt += 1
            let token: String
            do {
                token = try await tokens.token()
                SecretRegistry.shared.register([token])
            } catch {
                throw .unauthorized(ServerText.clean(error.localizedDescription))
            }
            var ticket: Int?
            do { ticket = try await window?.acquire() } catch { throw .unavailable("cancelled") }
            let request = requests.make(
                method, url, token: token, body: body, contentType: contentType,
                maxSuccessBodyBytes: maxSuccessBodyBytes)
            let response: HTTPResponse
            do {
                response = try await transport.send(request)
                if let ticket { await window?.finish(ticket) }
            } catch {
                if let ticket { await window?.finish(ticket) }
                if case TransportError.cancelled = error { throw .unavailable("cancelled") }
                let failure = GraphError(transportFailure: error).message
                guard attempt < maxAttempts else { throw .unavailable(failure) }
                try await pause(backoff.delay(attempt: attempt), header: nil)
                continue
            }
            if response.isHTML { throw .unexpected(status: response.status, detail: GraphError.htmlMessage(response)) }
            // A 2xx body is the caller's to read: it is never quoted (nor redacted) here.
            if (200...299).contains(response.status) { return response }
            let error = GraphError(response: response)
            switch response.status {
            case 401 where !refreshed:
                refreshed = true
                await tokens.invalidate(token)
            case 401:
                throw .unauthorized("\(error.code): \(error.message)")
            case 403:
                throw .forbidden(code: response.body.isEmpty ? nil : error.code)
            case 429, 500, 502, 503, 504:
                guard attempt < maxAttempts else {
                    throw .unavailable("HTTP \(response.status) after \(attempt) attempts: \(error.message)")
                }
                let header = response.header("Retry-After")
                try await pause(RetryAfter.seconds(from: header) ?? backoff.delay(attempt: attempt), header: header)
            default:
                throw .refused(status: response.status, error)
            }
        }
    }

    /// Waits `seconds`, unless a server asked for more than `maxWait` (its Retry-After `header` is named).
    private func pause(_ seconds: Double, header: String?) async throws(Failure) {
        if seconds > maxWait, let header {
            throw .unavailable(
                "\(service) asked to wait \(Int(seconds)) s (Retry-After: \(ServerText.clean(header, limit: 60))), "
                    + "longer than the \(Int(maxWait)) s allowed; try again later")
        }
        do { try await time.sleep(seconds: seconds) } catch { throw .unavailable("cancelled") }
    }
}
