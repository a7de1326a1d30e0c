import Foundation

/// Removes secrets from text, in every form in which they may have been sent and echoed back.
///
/// A token endpoint, Graph or a proxy may echo what it received: the form body (`client_secret=abc%2Bdef%3D`), a
/// header (`Authorization: Bearer eyJ…`), a JSON string (`"abc\/def"`) or a base64 value. So each secret is searched
/// for raw; percent-encoded (every byte outside the unreserved set, as `application/x-www-form-urlencoded` sends it,
/// with `%20` or `+` for a space; and the lighter query encoding that leaves `+`, `/` and `=` alone), hex digits in
/// any case; JSON-escaped; and base64 and base64url, with and without padding. Independently of the secrets given,
/// a bearer credential (`Bearer` and a token of 16 or more characters) and anything shaped like a JWT (`eyJ` and
/// three or more base64url segments, or three segments of 16 or more base64url characters) are removed too.
public struct Redactor: Sendable {
    public static let marker = "[redacted]"

    /// Every form of every secret, longest first so that a form containing another is replaced whole.
    private let forms: [Form]

    private struct Form: Sendable {
        let text: String
        /// Percent-encoded forms match whatever the case of their hex digits.
        let anyCase: Bool
    }

    public init(secrets: [String]) {
        var seen = Set<String>()
        var forms: [Form] = []
        for secret in secrets where !secret.isEmpty {
            for form in Self.forms(of: secret) where seen.insert(form).inserted {
                forms.append(Form(text: form, anyCase: form.contains("%")))
            }
        }
        self.forms = forms.sorted { $0.text.utf8.count > $1.text.utf8.count }
    }

    /// `text` with every form of every secret, bearer credentials and JWT-shaped strings replaced by `marker`.
    public func redact(_ text: String) -> String {
        var result = text
        for form in forms where !result.isEmpty {
            result = result.replacingOccurrences(
                of: form.text, with: Self.marker, options: form.anyCase ? [.caseInsensitive] : [])
        }
        // The patterns run only where they can match: provisioning-log rows pass through here by the thousand.
        if result.range(of: "bearer", options: .caseInsensitive) != nil {
            // RFC 6750 `b64token` after "Bearer"; short words ("Bearer realm=…" in WWW-Authenticate) stay.
            result = result.replacing(/(?i)\bbearer\s+[A-Za-z0-9\-._~+\/]{16,}=*/) { _ in "Bearer " + Self.marker }
        }
        if result.contains("eyJ") {
            // A JWS or JWE: its header is a JSON object, so it starts `eyJ` (base64url of `{"`).
            result = result.replacing(/eyJ[A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]*){2,}/) { _ in Self.marker }
        }
        if result.utf8.count >= 50, result.contains(".") {
            // Three or more long base64url segments: an opaque token of the same shape.
            result = result.replacing(/[A-Za-z0-9_\-]{16,}(?:\.[A-Za-z0-9_\-]{16,}){2,}/) { _ in Self.marker }
        }
        return result
    }

    /// The forms in which `secret` may appear in an echo (see the type's description).
    public static func forms(of secret: String) -> [String] {
        let bytes = Data(secret.utf8)
        let base64 = bytes.base64EncodedString()
        let base64url = base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let unpadded = { (text: String) in String(text.reversed().drop { $0 == "=" }.reversed()) }
        let query = secret.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? secret
        let json = secret.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "/", with: "\\/")
        let candidates = [
            secret, percentEncoded(secret, spaceAsPlus: false), percentEncoded(secret, spaceAsPlus: true), query, json,
            base64, unpadded(base64), base64url, unpadded(base64url),
        ]
        return candidates.filter { !$0.isEmpty }
    }

    /// Every byte outside the RFC 3986 unreserved set as `%XX`, as a form body or a strict query carries it.
    static func percentEncoded(_ text: String, spaceAsPlus: Bool) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " ") where spaceAsPlus:
                out += "+"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += hex.count == 1 ? "%0" + hex : "%" + hex
            }
        }
        return out
    }
}

/// The secrets this process holds, registered where they are read (credentials, assertions, issued tokens), so that
/// every piece of server text is cleaned of all of them whatever module it enters through (`ServerText`).
///
/// Values shorter than `minimumLength` are not registered: removed from every message, a four-letter value would
/// mangle ordinary words. Real client secrets, assertions, identity headers and tokens are far longer; whoever holds
/// a short one passes it to `ServerText.clean(_:extra:)` where it may be echoed (the token client does).
public final class SecretRegistry: @unchecked Sendable {
    // @unchecked Sendable: `secrets` and `cached` are only read or written while `lock` is held, and nothing else runs
    // under the lock.
    private let lock = NSLock()
    private var secrets = Set<String>()
    private var cached = Redactor(secrets: [])

    public static let shared = SecretRegistry()
    public static let minimumLength = 8

    public init() {}

    /// Adds secrets (shorter than `minimumLength`: ignored); registering one again costs nothing.
    public func register(_ values: [String]) {
        lock.withLock {
            var changed = false
            for value in values where value.count >= Self.minimumLength {
                changed = secrets.insert(value).inserted || changed
            }
            if changed { cached = Redactor(secrets: Array(secrets)) }
        }
    }

    /// A redactor for everything registered so far.
    public var redactor: Redactor { lock.withLock { cached } }
}
