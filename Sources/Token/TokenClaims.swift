import Foundation

/// Claims read (not verified) from a JWT access token: for `provision check` (which app roles the token carries).
package struct TokenClaims: Sendable, Equatable {
    /// App roles (`roles`), e.g. "SynchronizationData-User.Upload"; empty when the token carries none.
    package let roles: [String]
    /// `aud`; the first entry when it is an array.
    package let audience: String?
    /// `tid`.
    package let tenantID: String?
    /// `appid` (v1 tokens), else `azp` (v2 tokens).
    package let appID: String?
    /// `exp`.
    package let expiresAt: Date?

    /// base64url payload; nil when not a JWT (fewer than three dot-separated parts, or a payload that is not a JSON
    /// object).
    package static func decode(_ jwt: String) -> TokenClaims? {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = base64URLDecode(parts[1]),
            let payload = try? JSONDecoder().decode(Payload.self, from: data)
        else { return nil }
        return TokenClaims(
            roles: payload.roles ?? [], audience: payload.aud, tenantID: payload.tid,
            appID: payload.appid ?? payload.azp, expiresAt: payload.exp.map { Date(timeIntervalSince1970: $0) })
    }

    private static func base64URLDecode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let remainder = base64.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { base64 += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: base64)
    }

    /// The claims of interest; each is read leniently so that one odd claim does not hide the others.
    private struct Payload: Decodable {
        var roles: [String]?
        var aud: String?
        var tid: String?
        var appid: String?
        var azp: String?
        var exp: Double?

        private enum Key: String, CodingKey { case roles, aud, tid, appid, azp, exp }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            roles = try? container.decodeIfPresent([String].self, forKey: .roles)
            aud =
                (try? container.decodeIfPresent(String.self, forKey: .aud))
                ?? (try? container.decodeIfPresent([String].self, forKey: .aud))?.first
            tid = try? container.decodeIfPresent(String.self, forKey: .tid)
            appid = try? container.decodeIfPresent(String.self, forKey: .appid)
            azp = try? container.decodeIfPresent(String.self, forKey: .azp)
            exp = try? container.decodeIfPresent(Double.self, forKey: .exp)
        }
    }
}
