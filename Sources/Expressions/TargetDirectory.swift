/// The directory a provisioning job writes to: Microsoft Entra ID (`API2AAD.…` jobs) or on-premises Active Directory
/// through the provisioning agent (`API2AD.…`).
package enum TargetDirectory: String, Sendable, Equatable {
    case entraID = "Microsoft Entra ID"
    case activeDirectory = "on-premises Active Directory"

    /// From a job id's template prefix; nil when it has neither.
    package init?(jobId: String) {
        if jobId.hasPrefix("API2AAD.") {
            self = .entraID
        } else if jobId.hasPrefix("API2AD.") {
            self = .activeDirectory
        } else {
            return nil
        }
    }
}
