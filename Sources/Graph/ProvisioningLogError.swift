import Foundation

/// Why the provisioning logs could not be read.
package enum ProvisioningLogError: Error, Sendable, Equatable, LocalizedError {
    /// 403: the token lacks AuditLog.Read.All / ProvisioningLog.Read.All: exit 77 upstream.
    case forbidden(code: String?)
    case unauthorized(String)
    case unavailable(String)
    case unexpected(status: Int, detail: String)

    package var errorDescription: String? {
        switch self {
        case .forbidden(let code):
            "403 Forbidden\(code.map { " (\($0))" } ?? ""): reading the provisioning logs needs the application "
                + "permission AuditLog.Read.All or ProvisioningLog.Read.All; grant one with admin consent"
        case .unauthorized(let detail): "authentication failed: \(detail)"
        case .unavailable(let detail): "the provisioning logs are unavailable: \(detail)"
        case .unexpected(let status, let detail): "the provisioning logs answered \(status): \(detail)"
        }
    }
}
