import EmulatorKit
import Foundation

/// Bearer-token checks shared by the Graph endpoints (docs/service.md, "bulkUpload" and "Graph conventions").
struct GraphAuthorization: Sendable {
    static let uploadRoles: Set<String> = [
        "SynchronizationData-User.Upload", "SynchronizationData-User.Upload.OwnedBy",
    ]
    static let logRoles: Set<String> = ["AuditLog.Read.All", "ProvisioningLog.Read.All"]

    let state: EmulatorState

    /// Either the token's claims or the 401/403 to send.
    enum Outcome: Sendable {
        case authorized(AccessTokenClaims)
        case denied(HTTPResponseMessage)
    }

    /// Checks the bearer token; `requiredRoles` nil means any valid token will do.
    func authorize(_ request: HTTPRequestMessage, requiredRoles: Set<String>?, now: Double) -> Outcome {
        let header = request.header("Authorization") ?? ""
        var token = ""
        if header.count > 7, header.prefix(7).lowercased() == "bearer " {
            token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        }
        var audiences = AccessTokenIssuer.graphAudiences
        audiences.insert(state.baseURL)
        switch state.issuer.verify(token, now: now, acceptedAudiences: audiences) {
        case .failure(let failure):
            return .denied(unauthorized(failure.message, request: request, now: now))
        case .success(let claims):
            guard claims.tenantID.caseInsensitiveCompare(state.configuration.tenantID) == .orderedSame else {
                return .denied(unauthorized(AccessTokenFailure.malformed.message, request: request, now: now))
            }
            if let requiredRoles, requiredRoles.isDisjoint(with: claims.roles) {
                return .denied(
                    GraphResponse.error(
                        403, code: "Authorization_RequestDenied",
                        message: "Insufficient privileges to complete the operation.",
                        for: request, now: now))
            }
            return .authorized(claims)
        }
    }

    private func unauthorized(_ message: String, request: HTTPRequestMessage, now: Double) -> HTTPResponseMessage {
        // The header Graph sends with every 401.
        let challenge =
            #"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000""#
        return GraphResponse.error(
            401, code: "InvalidAuthenticationToken", message: message, for: request, now: now,
            extraHeaders: [HTTPHeader("WWW-Authenticate", challenge)])
    }
}
