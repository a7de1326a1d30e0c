import Foundation
import Graph

/// Why the directory could not be read.
package enum DirectoryReadError: Error, Sendable, Equatable, LocalizedError {
    /// 403: the app may not read users (it lacks `User.Read.All`). The caller says so once and carries on without
    /// directory data.
    case notReadable(code: String?)
    /// No token, or 401 after a fresh one.
    case unauthorized(String)
    /// Unreachable, throttled or failing after every attempt, or a wait longer than allowed.
    case unavailable(String)
    /// Graph refused a query (`query` is its relative URL).
    case refused(status: Int, GraphError, query: String)
    /// An answer that is not what Graph sends (an HTML page, garbage, a next link elsewhere).
    case unexpected(status: Int, detail: String)

    /// The application permission a directory read needs (docs/service.md, "Listing users").
    package static let permission = "User.Read.All"

    package var errorDescription: String? {
        switch self {
        case .notReadable: "directory not readable: the app lacks \(Self.permission)"
        case .unauthorized(let detail): "authentication failed: \(detail)"
        case .unavailable(let detail): "the directory is unavailable: \(detail)"
        case .refused(let status, let error, let query):
            "Graph refused a directory read (HTTP \(status), \(error.code): \(error.message)): \(query)"
        case .unexpected(let status, let detail): "the directory read answered \(status): \(detail)"
        }
    }

    init(_ failure: GraphExchange.Failure) {
        switch failure {
        case .unauthorized(let detail): self = .unauthorized(detail)
        case .forbidden(let code): self = .notReadable(code: code)
        case .refused(let status, let error): self = .refused(status: status, error, query: "$batch")
        case .unavailable(let detail): self = .unavailable(detail)
        case .unexpected(let status, let detail): self = .unexpected(status: status, detail: detail)
        }
    }
}
