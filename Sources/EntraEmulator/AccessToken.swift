import Foundation
import JSONDocument

/// The claims the emulator puts in (and checks on) the access tokens it issues.
struct AccessTokenClaims: Sendable, Equatable {
    var audience: String
    var issuer: String
    var tenantID: String
    var appID: String
    var roles: [String]
    var issuedAt: Int
    var notBefore: Int
    var expires: Int
}

/// Why a bearer token was refused; each maps to a Graph 401 message (docs/service.md, "Graph conventions").
enum AccessTokenFailure: Error, Sendable, Equatable {
    case empty
    case malformed
    case expired
    case invalidAudience

    var message: String {
        switch self {
        case .empty: "Access token is empty."
        case .malformed: "Access token validation failure."
        case .expired: "Access token has expired or is not yet valid."
        case .invalidAudience: "Access token validation failure. Invalid audience."
        }
    }
}

/// Issues JWT-shaped tokens signed with HMAC-SHA256 under a per-process key, and verifies them.
/// Real tokens are RS256; clients must treat tokens as opaque, so the algorithm does not matter to them.
struct AccessTokenIssuer: Sendable {
    private let key: [UInt8]

    /// Graph audiences accepted by the Graph endpoints: the global and national-cloud hosts, Graph's app id,
    /// plus the emulator's own base URL (set once the port is known).
    static let graphAudiences: Set<String> = [
        "https://graph.microsoft.com", "https://graph.microsoft.us", "https://dod-graph.microsoft.us",
        "https://microsoftgraph.chinacloudapi.cn", "00000003-0000-0000-c000-000000000000",
    ]

    init(key: [UInt8] = Array(UUID().uuidString.utf8) + Array(UUID().uuidString.utf8)) { self.key = key }

    func issue(_ claims: AccessTokenClaims) -> String {
        let header: JSON = .object(["typ": "JWT", "alg": "HS256", "kid": "entra-emulator"])
        let payload: JSON = .object([
            "aud": .string(claims.audience), "iss": .string(claims.issuer), "iat": .number(claims.issuedAt),
            "nbf": .number(claims.notBefore), "exp": .number(claims.expires), "appid": .string(claims.appID),
            "idtyp": "app", "oid": .string(claims.appID), "roles": .array(claims.roles.map(JSON.string)),
            "sub": .string(claims.appID), "tid": .string(claims.tenantID), "ver": "1.0",
        ])
        let signingInput = URLSafeBase64.encode(header.serialized) + "." + URLSafeBase64.encode(payload.serialized)
        return signingInput + "." + URLSafeBase64.encode(HMAC.sha256(key: key, message: Array(signingInput.utf8)))
    }

    /// Checks signature, time window and audience; `acceptedAudiences` adds the emulator's own base URL.
    func verify(_ token: String, now: Double, acceptedAudiences: Set<String>) -> Result<
        AccessTokenClaims, AccessTokenFailure
    > {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .failure(token.isEmpty ? .empty : .malformed) }
        let signingInput = parts[0] + "." + parts[1]
        guard let signature = URLSafeBase64.decode(parts[2]),
            signature == HMAC.sha256(key: key, message: Array(signingInput.utf8)),
            let payloadBytes = URLSafeBase64.decode(parts[1]),
            let payload = try? JSON.parse(payloadBytes),
            let claims = Self.claims(from: payload)
        else { return .failure(.malformed) }
        // Five minutes of clock skew is what Entra tolerates on nbf; expiry is exact so tests can hit it.
        guard Double(claims.expires) > now, Double(claims.notBefore) <= now + 300 else { return .failure(.expired) }
        let audience = claims.audience.hasSuffix("/") ? String(claims.audience.dropLast()) : claims.audience
        guard acceptedAudiences.contains(audience) else { return .failure(.invalidAudience) }
        return .success(claims)
    }

    static func claims(from payload: JSON) -> AccessTokenClaims? {
        func integer(_ key: String) -> Int? {
            if case .number(let text)? = payload[key] { return Int(text) ?? Double(text).map { Int($0) } }
            return nil
        }
        guard let audience = payload["aud"]?.stringValue, let expires = integer("exp") else { return nil }
        return AccessTokenClaims(
            audience: audience, issuer: payload["iss"]?.stringValue ?? "", tenantID: payload["tid"]?.stringValue ?? "",
            appID: payload["appid"]?.stringValue ?? "",
            roles: payload["roles"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            issuedAt: integer("iat") ?? 0, notBefore: integer("nbf") ?? 0, expires: expires)
    }

    /// Decodes a JWT's payload without checking any signature (client assertions from external IdPs).
    static func unverifiedPayload(of jwt: String) -> JSON? {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 2, let bytes = URLSafeBase64.decode(parts[1]),
            let payload = try? JSON.parse(bytes), payload.isObject
        else { return nil }
        return payload
    }
}
