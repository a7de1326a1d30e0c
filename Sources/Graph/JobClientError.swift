import Foundation

/// Why the synchronization job or its schema could not be read or written.
package enum JobClientError: Error, Sendable, Equatable, LocalizedError {
    /// 403: the token lacks `permission` (`Synchronization.Read.All` to read, `Synchronization.ReadWrite.All` to
    /// write).
    case forbidden(code: String?, permission: String)
    /// No token, or 401 after a fresh one.
    case unauthorized(String)
    /// 404: no such service principal or job.
    case notFound(String)
    /// 400: Graph refused the schema written.
    case rejected(code: String, message: String)
    /// Unreachable, throttled or failing after every attempt, or cancelled.
    case unavailable(String)
    /// Any other answer, or a body that is not a job or schema.
    case unexpected(status: Int, detail: String)

    package var errorDescription: String? {
        switch self {
        case .forbidden(let code, let permission):
            "403 Forbidden\(code.map { " (\($0))" } ?? ""): this needs the application permission \(permission); "
                + "grant it with admin consent"
        case .unauthorized(let detail): "authentication failed: \(detail)"
        case .notFound(let detail):
            "no such service principal or job (404: \(detail)): copy the bulkUpload URL from the provisioning app's "
                + "overview page"
        case .rejected(let code, let message): "Microsoft Graph refused the schema (400 \(code)): \(message)"
        case .unavailable(let detail): "Microsoft Graph is unavailable: \(detail)"
        case .unexpected(let status, let detail): "Microsoft Graph answered \(status): \(detail)"
        }
    }
}
