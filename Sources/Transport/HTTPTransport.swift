import Foundation

/// One HTTP exchange, independent of URLSession so that unit tests can answer requests with a closure.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    /// Header names as sent; look-ups are case-insensitive via `header(_:)`.
    public var headers: [String: String]
    public var body: Data?
    /// Whole seconds (URLSession on Linux truncates fractions; style.md).
    public var timeoutSeconds: Int

    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, timeoutSeconds: Int = 60) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutSeconds = max(1, timeoutSeconds)
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A response with lower-cased header names.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Failures below HTTP: the request may or may not have reached the server.
public enum TransportError: Error, Sendable, Equatable, LocalizedError {
    /// No answer within the timeout. The outcome is unknown (style.md: libcurl may have resent without a body).
    case timedOut
    /// The connection could not be made or was dropped without an answer.
    case connectionFailed(String)
    case cancelled

    public var errorDescription: String? {
        switch self {
        case .timedOut: "the request timed out (its outcome is unknown)"
        case .connectionFailed(let reason): "connection failed: \(reason)"
        case .cancelled: "the request was cancelled"
        }
    }
}

/// Sends one request and returns whatever HTTP status came back; only transport failures throw.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
