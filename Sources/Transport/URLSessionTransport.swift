import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real transport: URLSession with redirects refused, the per-host connection cap raised, and every request held
/// to its own deadline, body caps and cancellation (`HTTPRequest`).
///
/// A redirected POST loses its body, and a redirect could carry the bearer token to another host, so a 3xx is
/// returned to the caller as it is instead of being followed.
///
/// Deadlines are enforced here, not by URLSession: on Linux it applies only the session's idle timeout (a request's
/// own `timeoutInterval` is ignored), and an idle timeout restarts with every byte, so a server dripping one byte
/// every few seconds would hold a request forever. Bodies are read through a delegate so that reading stops (the
/// task is cancelled) once the cap is reached, instead of URLSession collecting a 300 MB body in memory first.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let delegate: SessionDelegate

    /// Longer than any request's deadline, so that URLSession's own timers never decide first.
    static let sessionIdleTimeout: TimeInterval = 3600

    /// - Parameter maxConnectionsPerHost: must be at least the caller's in-flight limit; URLSession's
    ///   default of 6 silently queues the rest while their deadlines run.
    public init(maxConnectionsPerHost: Int = 6) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, maxConnectionsPerHost)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = Self.sessionIdleTimeout
        configuration.timeoutIntervalForResource = Self.sessionIdleTimeout * 24
        delegate = SessionDelegate()
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url, timeoutInterval: Self.sessionIdleTimeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body
        let exchange = Exchange(request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, Error>) in
                guard exchange.install(continuation) else { return }
                let task = session.dataTask(with: urlRequest)
                delegate.register(exchange, for: task)
                exchange.start(task, deadline: .now() + .seconds(request.timeoutSeconds))
            }
        } onCancel: {
            exchange.finish(.failure(TransportError.cancelled))
        }
    }
}

/// Routes URLSession's per-task callbacks to the request's `Exchange`, and refuses every redirect so the 3xx reaches
/// the caller (see `URLSessionTransport`).
private final class SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // @unchecked Sendable: `exchanges` is only read or written while `lock` is held, and nothing else runs under it.
    private let lock = NSLock()
    private var exchanges: [Int: Exchange] = [:]

    func register(_ exchange: Exchange, for task: URLSessionTask) {
        lock.withLock { exchanges[task.taskIdentifier] = exchange }
    }

    private func exchange(_ task: URLSessionTask, remove: Bool = false) -> Exchange? {
        lock.withLock { remove ? exchanges.removeValue(forKey: task.taskIdentifier) : exchanges[task.taskIdentifier] }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didSendBodyData bytesSent: Int64, totalBytesSent: Int64,
        totalBytesExpectedToSend: Int64
    ) {
        if totalBytesExpectedToSend > 0, totalBytesSent >= totalBytesExpectedToSend { exchange(task)?.bodySent() }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        exchange(dataTask)?.received(response)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        exchange(dataTask)?.received(data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        exchange(task, remove: true)?.completed(error)
    }
}

/// One request's state: its continuation is resumed exactly once, by whichever comes first: the answer, its body
/// cap, its deadline, or the caller's cancellation. The last three cancel the URLSession task too.
private final class Exchange: @unchecked Sendable {
    // @unchecked Sendable: every `var` is only read or written while `lock` is held; continuations, the task and the
    // caller's callback are used after the lock is released.
    private let lock = NSLock()
    private let request: HTTPRequest
    private var continuation: CheckedContinuation<HTTPResponse, Error>?
    private var outcome: Result<HTTPResponse, Error>?
    private var task: URLSessionTask?
    private var deadline: DispatchWorkItem?
    private var response: HTTPURLResponse?
    private var body = Data()
    private var notifiedBodySent = false

    init(_ request: HTTPRequest) { self.request = request }

    /// Keeps the continuation; false (and it is resumed at once) when the caller was cancelled before it got here.
    func install(_ continuation: CheckedContinuation<HTTPResponse, Error>) -> Bool {
        let early = lock.withLock { () -> Result<HTTPResponse, Error>? in
            if outcome == nil { self.continuation = continuation }
            return outcome
        }
        if let early { continuation.resume(with: early) }
        return early == nil
    }

    func start(_ task: URLSessionTask, deadline: DispatchTime) {
        let timer = DispatchWorkItem { [weak self] in self?.finish(.failure(TransportError.timedOut)) }
        let proceed = lock.withLock { () -> Bool in
            guard outcome == nil else { return false }
            self.task = task
            self.deadline = timer
            return true
        }
        guard proceed else { return }
        DispatchQueue.global().asyncAfter(deadline: deadline, execute: timer)
        task.resume()
    }

    /// Resolves the request once; later calls (URLSession's own completion after a cancel) do nothing.
    func finish(_ result: Result<HTTPResponse, Error>, taskIsDone: Bool = false) {
        typealias Parts = (CheckedContinuation<HTTPResponse, Error>?, URLSessionTask?, DispatchWorkItem?)
        let taken = lock.withLock { () -> Parts? in
            guard outcome == nil else { return nil }
            outcome = result
            let parts = (continuation, task, deadline)
            (continuation, task, deadline) = (nil, nil, nil)
            return parts
        }
        guard let (continuation, task, deadline) = taken.map({ $0 }) else { return }
        deadline?.cancel()
        if !taskIsDone { task?.cancel() }
        continuation?.resume(with: result)
    }

    func bodySent() {
        let callback = lock.withLock { () -> (@Sendable () -> Void)? in
            guard !notifiedBodySent else { return nil }
            notifiedBodySent = true
            return request.onBodySent
        }
        callback?()
    }

    func received(_ response: URLResponse) {
        lock.withLock { self.response = response as? HTTPURLResponse }
        // An answer means the body arrived, whether or not URLSession reported sending it.
        bodySent()
    }

    func received(_ data: Data) {
        let full = lock.withLock { () -> HTTPResponse? in
            guard outcome == nil, let response else { return nil }
            let limit = request.bodyLimit(forStatus: response.statusCode)
            guard body.count + data.count > limit else {
                body.append(data)
                return nil
            }
            body.append(data.prefix(max(0, limit - body.count)))
            return Self.response(response, body: body, truncated: true)
        }
        if let full { finish(.success(full)) }
    }

    func completed(_ error: (any Error)?) {
        let result = lock.withLock { () -> Result<HTTPResponse, Error> in
            if let error { return .failure(Self.transportError(error)) }
            guard let response else { return .failure(TransportError.connectionFailed("not an HTTP response")) }
            return .success(Self.response(response, body: body, truncated: false))
        }
        finish(result, taskIsDone: true)
    }

    private static func response(_ http: HTTPURLResponse, body: Data, truncated: Bool) -> HTTPResponse {
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: body, bodyTruncated: truncated)
    }

    private static func transportError(_ error: any Error) -> TransportError {
        guard let error = error as? URLError else { return .connectionFailed(error.localizedDescription) }
        switch error.code {
        case .timedOut: return .timedOut
        case .cancelled: return .cancelled
        default: return .connectionFailed(error.localizedDescription)
        }
    }
}
