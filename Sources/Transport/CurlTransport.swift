import CCurl
import Foundation

/// The real transport: the system libcurl, driven by one thread of its own, with redirects refused, HTTP/1.1, and
/// every request held to its own deadline, body caps and cancellation (`HTTPRequest`).
///
/// Not URLSession: on Linux, FoundationNetworking leaves a socket's write source registered after libcurl stops
/// asking for it, so every request waiting for its answer spun a core (about 2,300 wake-ups a second); and it queues
/// the body for its delegate without back-pressure, so a 300 MB answer was read whole before a cancel at the cap
/// landed. Here the driver thread sleeps in `curl_multi_poll` until a socket or a timer is due, and the body is
/// copied in libcurl's write callback, which aborts the transfer the moment the cap is reached: memory per request is
/// its cap, whatever the server sends.
///
/// A redirected POST loses its body, and a redirect could carry the bearer token to another host, so a 3xx is
/// returned to the caller as it is. The deadline is libcurl's total timeout (connecting, sending, waiting and
/// reading), so a server dripping one byte every few seconds cannot stretch it. Proxies come from the environment
/// (`HTTPS_PROXY`, `NO_PROXY`), as libcurl reads them.
package final class CurlTransport: HTTPTransport {
    private let driver: CurlDriver

    /// - Parameter maxConnectionsPerHost: must be at least the caller's in-flight limit; the rest would wait for a
    ///   connection while their deadlines run.
    package init(maxConnectionsPerHost: Int = 6) {
        driver = CurlDriver(maxConnectionsPerHost: max(1, maxConnectionsPerHost))
    }

    deinit { driver.shutDown() }

    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let exchange = CurlExchange(request)
        let driver = self.driver
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, Error>) in
                guard exchange.install(continuation) else { return }
                driver.submit(exchange)
            }
        } onCancel: {
            exchange.finish(.failure(TransportError.cancelled))
            driver.wake()
        }
    }
}

/// One request's state: its continuation is resumed exactly once, by whichever comes first: the driver (an answer or a
/// failure) or the caller's cancellation.
final class CurlExchange: @unchecked Sendable {
    // @unchecked Sendable: `continuation`, `outcome` and `notifiedBodySent` are only read or written while `lock` is
    // held; `request` never changes; continuations and callbacks are used after the lock is released.
    let request: HTTPRequest
    private let lock = NSLock()
    private var continuation: CheckedContinuation<HTTPResponse, Error>?
    private var outcome: Result<HTTPResponse, Error>?
    private var notifiedBodySent = false

    init(_ request: HTTPRequest) { self.request = request }

    var isFinished: Bool { lock.withLock { outcome != nil } }

    /// Keeps the continuation; false (and it is resumed at once) when the caller was cancelled before it got here.
    func install(_ continuation: CheckedContinuation<HTTPResponse, Error>) -> Bool {
        let early = lock.withLock { () -> Result<HTTPResponse, Error>? in
            if outcome == nil { self.continuation = continuation }
            return outcome
        }
        if let early { continuation.resume(with: early) }
        return early == nil
    }

    /// Resolves the request once; later calls do nothing.
    func finish(_ result: Result<HTTPResponse, Error>) {
        let waiting = lock.withLock { () -> CheckedContinuation<HTTPResponse, Error>?? in
            guard outcome == nil else { return nil }
            outcome = result
            defer { continuation = nil }
            return .some(continuation)
        }
        if case .some(let continuation) = waiting { continuation?.resume(with: result) }
    }

    func bodySent() {
        let callback = lock.withLock { () -> (@Sendable () -> Void)? in
            guard !notifiedBodySent else { return nil }
            notifiedBodySent = true
            return request.onBodySent
        }
        callback?()
    }
}

/// The thread that drives libcurl: it adds submitted requests, runs transfers, resolves finished and cancelled ones,
/// and sleeps in `curl_multi_poll` in between. Started with the first request; ends after `shutDown`.
final class CurlDriver: @unchecked Sendable {
    // @unchecked Sendable: `submitted`, `stopping`, `multi` and `started` are only read or written while `lock` is
    // held; `active` and every transfer are only touched by the driver thread.
    private let lock = NSLock()
    private let maxConnectionsPerHost: Int
    private var submitted: [CurlExchange] = []
    private var stopping = false
    private var started = false
    private var multi: OpaquePointer?
    private var active: [OpaquePointer: CurlExchange] = [:]

    /// The longest sleep: libcurl ends it earlier when a socket or one of its timers (a deadline) is due, and
    /// `wake()` when a request is submitted or cancelled, so this only bounds a missed wake-up.
    static let idlePollMilliseconds: Int32 = 10_000

    init(maxConnectionsPerHost: Int) { self.maxConnectionsPerHost = maxConnectionsPerHost }

    func submit(_ exchange: CurlExchange) {
        let failure = lock.withLock { () -> String? in
            guard !stopping else { return "the transport was closed" }
            if multi == nil {
                if let error = pv_curl_load() { return String(cString: error) }
                multi = pv_curl_multi_create(maxConnectionsPerHost)
                guard multi != nil else { return "libcurl could not create a transfer" }
            }
            submitted.append(exchange)
            if !started {
                started = true
                Thread.detachNewThread { [self] in run() }
            }
            pv_curl_multi_wakeup(multi)
            return nil
        }
        if let failure { exchange.finish(.failure(TransportError.connectionFailed(failure))) }
    }

    /// Ends the driver's current or next sleep (a request was submitted or cancelled). The multi handle is only
    /// destroyed under the lock, so it is alive here.
    func wake() {
        lock.withLock {
            if let multi { pv_curl_multi_wakeup(multi) }
        }
    }

    /// Cancels whatever is still running and ends the thread; the transport is gone.
    func shutDown() {
        lock.withLock {
            stopping = true
            guard let multi else { return }
            if started {
                pv_curl_multi_wakeup(multi)
            } else {
                pv_curl_multi_destroy(multi)
                self.multi = nil
            }
        }
    }

    private func run() {
        pv_curl_block_sigpipe()
        guard let multi = lock.withLock({ self.multi }) else { return }
        while true {
            let (incoming, stop) = lock.withLock { () -> ([CurlExchange], Bool) in
                defer { submitted = [] }
                return (submitted, stopping)
            }
            for exchange in incoming { add(exchange, to: multi) }
            // A cancelled request leaves at once: removing its transfer closes the connection.
            for (transfer, exchange) in active where stop || exchange.isFinished {
                exchange.finish(.failure(TransportError.cancelled))
                discard(transfer, from: multi)
            }
            if stop {
                lock.withLock {
                    pv_curl_multi_destroy(multi)
                    self.multi = nil
                }
                return
            }
            pv_curl_multi_perform(multi)
            var code: Int32 = 0
            while let transfer = pv_curl_multi_next_done(multi, &code) {
                guard let exchange = active[transfer] else { continue }
                if pv_curl_transfer_body_sent(transfer) != 0 { exchange.bodySent() }
                exchange.finish(Self.outcome(transfer, code: code))
                discard(transfer, from: multi)
            }
            for (transfer, exchange) in active where pv_curl_transfer_body_sent(transfer) != 0 { exchange.bodySent() }
            pv_curl_multi_poll(multi, Self.idlePollMilliseconds)
        }
    }

    private func add(_ exchange: CurlExchange, to multi: OpaquePointer) {
        guard !exchange.isFinished else { return }
        guard let transfer = Self.transfer(for: exchange.request) else {
            exchange.finish(.failure(TransportError.connectionFailed("libcurl could not prepare the request")))
            return
        }
        guard pv_curl_multi_add(multi, transfer) == 0 else {
            pv_curl_transfer_destroy(transfer)
            exchange.finish(.failure(TransportError.connectionFailed("libcurl could not start the request")))
            return
        }
        active[transfer] = exchange
    }

    private func discard(_ transfer: OpaquePointer, from multi: OpaquePointer) {
        active[transfer] = nil
        pv_curl_multi_remove(multi, transfer)
        pv_curl_transfer_destroy(transfer)
    }

    private static func transfer(for request: HTTPRequest) -> OpaquePointer? {
        let timeout = request.timeoutSeconds > Int.max / 1000 ? Int.max : request.timeoutSeconds * 1000
        guard
            let transfer = pv_curl_transfer_create(
                request.method, request.url.absoluteString, timeout, request.maxSuccessBodyBytes,
                request.maxErrorBodyBytes)
        else { return nil }
        var ok = true
        for (name, value) in request.headers {
            // A line break in a header would start another header; an empty value needs curl's `Name;` form.
            let name = name.filter { !$0.isNewline && $0 != ":" }
            let value = String(value.map { $0.isNewline ? " " : $0 })
            let line = value.isEmpty ? "\(name);" : "\(name): \(value)"
            ok = ok && pv_curl_transfer_add_header(transfer, line) == 0
        }
        if let body = request.body {
            ok = ok && body.withUnsafeBytes { pv_curl_transfer_set_body(transfer, $0.baseAddress, $0.count) } == 0
        }
        ok = ok && pv_curl_transfer_prepare(transfer) == 0
        guard ok else {
            pv_curl_transfer_destroy(transfer)
            return nil
        }
        return transfer
    }

    private static func outcome(_ transfer: OpaquePointer, code: Int32) -> Result<HTTPResponse, Error> {
        let truncated = pv_curl_transfer_truncated(transfer) != 0
        switch Int(code) {
        case Int(PV_CURLE_OK):
            return .success(response(transfer, truncated: false))
        case Int(PV_CURLE_WRITE_ERROR) where truncated:
            // The write callback stopped the transfer at the body's cap.
            return .success(response(transfer, truncated: true))
        case Int(PV_CURLE_WRITE_ERROR) where pv_curl_transfer_headers_overflowed(transfer) != 0:
            return .failure(TransportError.connectionFailed("the answer's headers are larger than 256 KB"))
        case Int(PV_CURLE_OPERATION_TIMEDOUT):
            return .failure(TransportError.timedOut)
        default:
            let reason = pv_curl_transfer_error(transfer, code).map { String(cString: $0) } ?? "code \(code)"
            return .failure(TransportError.connectionFailed(reason))
        }
    }

    private static func response(_ transfer: OpaquePointer, truncated: Bool) -> HTTPResponse {
        var count = 0
        var headers: [String: String] = [:]
        if let raw = pv_curl_transfer_headers(transfer, &count) {
            let text = String(decoding: UnsafeRawBufferPointer(start: raw, count: count), as: UTF8.self)
            for line in text.split(whereSeparator: \.isNewline).dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                headers[name] = headers[name].map { "\($0), \(value)" } ?? value
            }
        }
        var bodyCount = 0
        let body = pv_curl_transfer_body(transfer, &bodyCount).map { Data(bytes: $0, count: bodyCount) } ?? Data()
        return HTTPResponse(
            status: pv_curl_transfer_status(transfer), headers: headers, body: body, bodyTruncated: truncated)
    }
}
