import Foundation
import Transport

/// A transport answered by a closure: unit tests script the server's behaviour without sockets.
///
/// The closure is the server: the request has arrived when it is called, so `onBodySent` is called first.
package struct ClosureTransport: HTTPTransport {
    private let handler: @Sendable (HTTPRequest) async throws -> HTTPResponse

    package init(_ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        self.handler = handler
    }

    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        request.onBodySent?()
        return try await handler(request)
    }
}
