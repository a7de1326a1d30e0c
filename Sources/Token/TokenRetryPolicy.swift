import Foundation
import Transport

/// The token phase follows the run's one retry policy (`RetryPolicy`): `--max-attempts`, `--timeout` and `--max-wait`
/// apply to token requests as to every other request.
public typealias TokenRetryPolicy = RetryPolicy

extension RetryPolicy {
    /// Statuses worth another try for a token endpoint: throttling and server trouble; for managed identity also 404
    /// ("IMDS updating") and 410 ("available within 70 s"; docs/service.md, "Managed identity"). Every other 4xx is
    /// final (AADSTS errors never improve).
    static func isRetryable(status: Int, managedIdentity: Bool) -> Bool {
        if isRetryable(status: status) { return true }
        return managedIdentity && (status == 404 || status == 410)
    }
}
