import Foundation
import Transport

/// A transport answered by a closure: unit tests script the server's behaviour without sockets.
///
/// The closure is the server: the request has arrived when it is called, so `onBodySent` is called first.
public struct ClosureTransport: HTTPTransport {
    private let handler: @Sendable (HTTPRequest) async throws -> HTTPResponse

    public init(_ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        self.handler = handler
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        request.onBodySent?()
        return try await handler(request)
    }
}
