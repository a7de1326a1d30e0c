import Foundation
import Token

/// How `provision check` and `config show` name the credential in use: its kind, and for a certificate what the
/// admin center shows of it (subject, SHA-1 thumbprint, expiry), so the two can be compared at a glance.
package enum CredentialSummary {
    package static func describe(_ credential: Credential, now: Date = Date()) -> String {
        guard case .clientCertificate(_, _, let certificate) = credential else { return credential.kindDescription }
        let chain = certificate.sendsChain ? "; sends its chain (x5c, \(certificate.chain.count + 1) certificates)" : ""
        return "\(credential.kindDescription) \(certificate.summary(now: now))\(chain)"
    }
}
