import Foundation
import Transport

/// One request to a source, tried again under the client's one retry policy (`RetryPolicy`: `--max-attempts`,
/// `--timeout`, `--max-wait`; its backoff curve, and a Retry-After within `maxWait` instead): connection failures, 429
/// and 5xx, and a 2xx answer its reader found broken (HTML, cut short: a failing gateway's answer). Redirects are
/// followed only where the credentials may go (`OriginPolicy`), five at most. A 401 may be answered once with fresh
/// credentials (a new token).
struct SourceExchange: Sendable {
    let source: String
    let transport: any HTTPTransport
    let time: any TimeSource
    let retry: RetryPolicy
    let wallClock: @Sendable () -> Date
    /// Every secret of the source, removed from whatever a server sent (`ServerText`).
    let secrets: [String]
    let events: (@Sendable (SourceEvent) -> Void)?

    static let maxRedirects = 5

    /// What the caller made of an answer.
    enum Outcome<Value> {
        case done(Value)
        /// Broken in a way a second request may not be: tried again, and reported as `malformed` at the end.
        case malformed(String)
    }

    /// Sends until `interpret` accepts an answer (2xx, or one of `accepting`) or the request fails for good.
    /// `prepare` makes each attempt's request for a URL; `unauthorized` is asked, once, whether a 401 is worth
    /// another try with fresh credentials; `origins` says where a redirect may go; `page` names the page in errors
    /// (0: not a page) and `expected` what its answer should be.
    func perform<Value>(
        url: URL, page: Int, expected: String, origins: OriginPolicy, accepting: Set<Int> = [],
        prepare: (URL) async throws(SourceError) -> HTTPRequest, unauthorized: () -> Bool = { false },
        interpret: (HTTPResponse, URL) throws(SourceError) -> Outcome<Value>
    ) async throws(SourceError) -> Value {
        var refreshed = false
        var redirects = 0
        var target = url
        return try await retry.run(time: time, cancelled: fail(.cancelled), willWait: announce) {
            (attempt: Int) async throws(SourceError) -> RetryOutcome<Value, SourceError> in
            if Task.isCancelled { throw fail(.cancelled) }
            let request = try await prepare(target)
            let shown = SourceURL.display(target, extra: secrets)
            var reason: String
            var malformed = false
            var retryAfter: String?
            do {
                let response = try await transport.send(request)
                let status = response.status
                if (300...399).contains(status), status != 304, let location = response.header("Location") {
                    guard redirects < Self.maxRedirects else {
                        throw fail(
                            .failed(url: shown, status: status, detail: "more than \(Self.maxRedirects) redirects"))
                    }
                    guard let next = URL(string: location, relativeTo: target)?.absoluteURL else {
                        throw fail(.failed(url: shown, status: status, detail: "a redirect to an invalid URL"))
                    }
                    if let problem = origins.problem(with: next, what: "the redirect from \(shown)") {
                        throw fail(problem)
                    }
                    redirects += 1
                    target = next
                    return .repeated
                }
                if (200...299).contains(status) || accepting.contains(status) {
                    switch try interpret(response, target) {
                    case .done(let value): return .finished(value)
                    case .malformed(let detail):
                        reason = detail
                        malformed = true
                    }
                } else if status == 401 || status == 403 {
                    if status == 401, !refreshed, unauthorized() {
                        refreshed = true
                        return .repeated
                    }
                    throw fail(.refused(url: shown, status: status, detail: detail(of: response)))
                } else if RetryPolicy.isRetryable(status: status) {
                    reason = "HTTP \(status)" + (detail(of: response).isEmpty ? "" : ": \(detail(of: response))")
                    retryAfter = response.header("Retry-After")
                } else {
                    throw fail(.failed(url: shown, status: status, detail: detail(of: response)))
                }
            } catch let error as SourceError {
                throw error
            } catch is CancellationError {
                throw fail(.cancelled)
            } catch TransportError.cancelled {
                throw fail(.cancelled)
            } catch {
                reason = ServerText.clean(error.localizedDescription, extra: secrets, limit: 200)
            }
            let seconds = RetryPolicy.retryAfterSeconds(retryAfter, now: wallClock())
            let last = fail(
                malformed
                    ? .malformed(url: shown, page: page, expected: expected, detail: reason, attempts: attempt)
                    : .unavailable(url: shown, reason: reason, attempts: attempt))
            let asked = retryAfter.map { ServerText.clean($0, extra: secrets, limit: 60) } ?? ""
            return .failed(
                last: .failure(last), retryAfter: seconds,
                tooLong: { _ in
                    fail(
                        .waitTooLong(
                            url: shown, retryAfter: asked, seconds: seconds ?? 0, maxWait: retry.maxWait))
                })
        }
    }

    /// Each wait is said before it starts, with why: a broken 200 is asked for again like a failing gateway's
    /// answer, and without a word the wait looks like a hang.
    private func announce<Value>(attempt: Int, wait: Double, last: Result<Value, SourceError>) {
        guard case .failure(let error) = last else { return }
        switch error.kind {
        case .malformed(let url, _, let expected, let detail, _):
            events?(
                .retry(
                    url: url, attempt: attempt, wait: wait,
                    reason: "the answer is not \(expected) (\(detail)); asking again"))
        case .unavailable(let url, let reason, _):
            events?(.retry(url: url, attempt: attempt, wait: wait, reason: reason))
        default:
            break
        }
    }

    /// An error answer's text, cleaned: its body (an HTML page by its title: a proxy's or server's error page), or a
    /// `…-Error-Message` header when the body is empty (BambooHR).
    func detail(of response: HTTPResponse) -> String {
        if !response.body.isEmpty, let html = SourceRun.htmlTitle(response, secrets: secrets) {
            return "an HTML page (\(html))"
        }
        let body = ServerText.clean(
            body: response.body, truncatedAt: response.bodyTruncated ? response.body.count : nil, extra: secrets,
            limit: 300)
        if !body.isEmpty { return body }
        guard let header = response.headers.first(where: { $0.key.hasSuffix("error-message") })?.value else {
            return ""
        }
        return ServerText.clean(header, extra: secrets, limit: 300)
    }

    func fail(_ kind: SourceError.Kind) -> SourceError { SourceError(source: source, kind: kind) }
}
