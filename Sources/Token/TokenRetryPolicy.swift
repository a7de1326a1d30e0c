import Transport

/// Token requests retry under the run's one `RetryPolicy`.
package typealias TokenRetryPolicy = RetryPolicy

extension RetryPolicy {
    /// Token statuses worth another try: throttling and server trouble; for managed identity also 404 ("IMDS
    /// updating") and 410 ("available within 70 s"; docs/service.md, "Managed identity"). Every other 4xx is final
    /// (AADSTS errors never improve).
    static func isRetryable(status: Int, managedIdentity: Bool) -> Bool {
        if isRetryable(status: status) { return true }
        return managedIdentity && (status == 404 || status == 410)
    }
}
