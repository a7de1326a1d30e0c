import Foundation

/// The default description of an enum prints every associated value, which would put a client secret into any log
/// line, assertion message or `dump` that mentions a credential (or a `TokenClient` holding one).
extension Credential: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The kind, then what identifies it: "client secret: tenant T, client C".
    package var description: String {
        let details: [String?] =
            switch self {
            case .clientSecret(let tenantID, let clientID, _):
                ["tenant \(tenantID)", "client \(clientID)"]
            case .clientCertificate(let tenantID, let clientID, let certificate):
                ["tenant \(tenantID)", "client \(clientID)", "thumbprint \(certificate.certificate.thumbprint)"]
            case .federatedToken(let tenantID, let clientID, let tokenFile):
                ["tenant \(tenantID)", "client \(clientID)", "file \(tokenFile)"]
            case .managedIdentityIMDS(let endpoint, let clientID),
                .managedIdentityAppService(let endpoint, _, let clientID):
                [endpoint.absoluteString, clientID.map { "client \($0)" }]
            case .preIssued:
                []
            }
        let shown = details.compactMap { $0 }
        return shown.isEmpty ? kindDescription : kindDescription + ": " + shown.joined(separator: ", ")
    }

    package var debugDescription: String { description }

    /// No children: reflection-based printing stops here instead of walking into the associated values.
    package var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }
}
