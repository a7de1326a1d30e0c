import Foundation
import JSONDocument

/// A client assertion split into what the token endpoint checks: its header, claims, the signed input and the
/// signature (RFC 7515 compact form).
struct CertificateAssertion: Sendable {
    let header: JSON
    let claims: JSON
    /// `base64url(header).base64url(claims)`, the bytes the signature covers.
    let signingInput: [UInt8]
    let signature: [UInt8]

    /// nil unless three base64url parts whose first two are JSON objects.
    init?(_ jwt: String) {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = URLSafeBase64.decode(parts[0]),
            let claimsBytes = URLSafeBase64.decode(parts[1]),
            let signature = URLSafeBase64.decode(parts[2]),
            let header = try? JSON.parse(headerBytes), header.isObject,
            let claims = try? JSON.parse(claimsBytes), claims.isObject
        else { return nil }
        self.header = header
        self.claims = claims
        self.signingInput = Array((parts[0] + "." + parts[1]).utf8)
        self.signature = signature
    }

    /// A certificate assertion names its certificate (`x5t`, `x5t#S256`); a federated token does not.
    var namesACertificate: Bool { header["x5t"] != nil || header["x5t#S256"] != nil }

    /// A numeric claim, whole seconds.
    func time(_ name: String) -> Double? {
        guard case .number(let text)? = claims[name] else { return nil }
        return Double(text)
    }
}
