import Foundation

/// Why no access token could be had. Messages never contain a secret, an assertion or a token.
package enum TokenError: Error, Sendable, Equatable, LocalizedError {
    /// An AADSTS error from the token endpoint (docs/service.md, "Tokens"): branch on the code, never on the text.
    /// `description` is the first line of `error_description` (the Trace/Correlation IDs that follow are dropped).
    case aadsts(code: Int, error: String, httpStatus: Int, description: String)
    /// Entra refused a certificate credential's assertion (AADSTS700027, 700024, 50012): the message names the
    /// certificate and what to check on the app registration or this machine.
    case certificateRejected(
        code: Int, error: String, httpStatus: Int, clientID: String, subject: String, thumbprint: String)
    /// The certificate credential could not sign an assertion.
    case certificate(CertificateError)
    case managedIdentity(httpStatus: Int, message: String)
    case federatedTokenFile(path: String, reason: String)
    case malformedResponse(httpStatus: Int, detail: String)
    case unreachable(url: String, reason: String)  // transport failures after the retries: exit 69 upstream
    /// The token endpoint asked (HTTP `httpStatus`, `Retry-After: retryAfter`, i.e. `seconds`) for a longer wait than
    /// the run allows (`maxWait`, `--max-wait`): the run stops as resumable (exit 75 upstream) instead of waiting.
    case waitTooLong(url: String, httpStatus: Int, retryAfter: String, seconds: Double, maxWait: Double)
    case cannotRefresh  // pre-issued token rejected/expired

    /// Actionable messages keyed on the AADSTS code (docs/service.md, "Tokens" table); the text of the description is
    /// only echoed.
    package var errorDescription: String? {
        switch self {
        case .aadsts(let code, let error, let status, let description):
            let prefix = "Microsoft Entra refused the token request (AADSTS\(code), HTTP \(status) \(error))"
            if let advice = Self.advice(forAADSTS: code) { return "\(prefix): \(advice)." }
            let detail = description.isEmpty ? "" : ": \(description)"
            return "\(prefix)\(detail). Look the code up at https://login.microsoftonline.com/error?code=\(code)."
        case .certificateRejected(let code, let error, let status, let clientID, let subject, let thumbprint):
            let prefix = "Microsoft Entra refused the certificate credential (AADSTS\(code), HTTP \(status) \(error))"
            let advice = Self.certificateAdvice(code, clientID: clientID, subject: subject, thumbprint: thumbprint)
            return "\(prefix): \(advice)"
        case .certificate(let error):
            return error.localizedDescription
        case .managedIdentity(let status, let message):
            return
                "the managed identity endpoint answered HTTP \(status): \(message). Check that a managed identity is "
                + "assigned to this resource, that it is the one AZURE_CLIENT_ID names (for a user-assigned identity), "
                + "and that it was granted the Graph app roles."
        case .federatedTokenFile(let path, let reason):
            return "cannot use the federated token file \(path): \(reason). Check AZURE_FEDERATED_TOKEN_FILE and that "
                + "the workload identity (or CI OIDC step) wrote a token there."
        case .malformedResponse(let status, let detail):
            return "the token endpoint answered HTTP \(status) with a response provision cannot use (\(detail)). "
                + "Check the authority host (AZURE_AUTHORITY_HOST) and any proxy in between."
        case .unreachable(let url, let reason):
            return "cannot get an access token from \(url): \(reason). Check the network, proxy and authority host, "
                + "then run again."
        case .waitTooLong(let url, let status, let retryAfter, let seconds, let maxWait):
            return "the token endpoint \(url) answered HTTP \(status) asking to wait \(Self.seconds(seconds)) "
                + "(Retry-After: \(retryAfter)), longer than the longest wait allowed (--max-wait, "
                + "\(Self.seconds(maxWait))): stopped without waiting; run again later"
        case .cannotRefresh:
            return "the pre-issued access token (PROVISION_ACCESS_TOKEN) was rejected or has expired and cannot be "
                + "refreshed: supply a fresh token, or unset PROVISION_ACCESS_TOKEN to use the configured credential."
        }
    }

    /// true for everything except `.unreachable` and `.waitTooLong` (used to pick exit 77 vs 69 and 75).
    package var isAuthenticationFailure: Bool {
        switch self {
        case .unreachable, .waitTooLong: false
        default: true
        }
    }

    /// The run stopped on purpose and may be run again as is (exit 75): the endpoint asked for too long a wait.
    package var isResumableStop: Bool {
        if case .waitTooLong = self { return true }
        return false
    }

    /// Whole seconds, e.g. "999999 s".
    private static func seconds(_ value: Double) -> String {
        "\(Int(min(value, 1e15).rounded(.up))) s"
    }

    /// The AADSTS codes that concern the certificate assertion itself.
    static let certificateCodes: Set<Int> = [700027, 700024, 50012]

    private static func certificateAdvice(
        _ code: Int, clientID: String, subject: String, thumbprint: String
    ) -> String {
        switch code {
        case 700027:
            "the certificate \(subject) (thumbprint \(thumbprint)) is not registered on the application \(clientID), "
                + "or the assertion's signature does not verify with the registered one. In the admin center, open App "
                + "registrations > the app > Certificates & secrets > Certificates and check that a certificate with "
                + "thumbprint \(thumbprint) is listed; if not, upload the certificate (the .crt/.cer/.pem, never the "
                + "key)."
        case 700024:
            "the client assertion is not within its valid time range. provision signs a new assertion for every "
                + "request, valid for 10 minutes from this machine's clock, so the clock is probably wrong: check it "
                + "(timedatectl; enable NTP) and run again."
        default:
            "the assertion's audience is not the token endpoint it was sent to: check AZURE_AUTHORITY_HOST and "
                + "AZURE_TENANT_ID (the authority must be the login host of the tenant's cloud)."
        }
    }

    private static func advice(forAADSTS code: Int) -> String? {
        switch code {
        case 7_000_215:
            "the client secret is wrong: check you used the secret's VALUE, not its ID (Secret ID)"
        case 7_000_222:
            "the client secret has expired: create a new one in the app registration (Certificates & secrets)"
        case 700016:
            "the application was not found in the tenant: check AZURE_CLIENT_ID and AZURE_TENANT_ID, and that the app "
                + "has been consented to in that tenant"
        case 90002:
            "the tenant was not found: check AZURE_TENANT_ID, and that the Graph host / authority belong to the "
                + "tenant's cloud"
        case 70021:
            "no federated credential on the app matches the assertion's issuer/subject/audience: compare the app's "
                + "federated credential with the token's iss, sub and aud (audience api://AzureADTokenExchange)"
        case 700024:
            "the federated assertion has expired: refresh the token file (the issuer rotates it; re-run the OIDC step "
                + "or check the kubelet projection)"
        case 7_000_216, 7_000_218:
            "the request carried no client secret or assertion: set AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH "
                + "or AZURE_FEDERATED_TOKEN_FILE"
        case 70011:
            "the scope is invalid: the Graph host and the authority must belong to the same cloud"
        default:
            nil
        }
    }
}
