import Foundation

/// Removes secrets from text, in every form in which they may have been sent and echoed back, in time linear in the
/// text (one pass per view below, no backtracking: a megabyte of hostile text costs milliseconds, not minutes).
///
/// A token endpoint, Graph or a proxy may echo what it received: the form body (`client_secret=abc%2Bdef%3D`), a
/// header (`Authorization: Bearer eyJ…`), a JSON string (`"abc\/def"`, or .NET's `"abc\u002Bdef"`), or base64 of any
/// of these. Rather than list every encoding of every secret, the text is decoded and searched:
///
/// - Views: the text itself; percent-decoded (`%XX` in either case; and again with `+` as a space, as a form body
///   carries it); JSON-unescaped (`\uXXXX` with surrogate pairs, `\/`, `\"`, `\\`, the letter escapes), and that
///   percent-decoded; each built only when the text holds such an escape. Every registered secret is searched for
///   raw in every view at once (Aho–Corasick), and what is found is removed from the original text whole, however
///   it was encoded there.
/// - Base64: every run of base64 or base64url characters of 11 or more (with its `=` padding), in every view, is
///   decoded from each of its first four characters (a secret inside encoded text sits at any of the three byte
///   alignments, and the run may start before the encoded text does). The whole run is removed when the decoded
///   bytes, or their percent-decoded or JSON-unescaped view, hold a secret of 8 or more bytes, a bearer credential, a
///   JWT shape or an `X-IDENTITY-HEADER:` line.
/// - Shapes, whatever was registered: a bearer credential (`Bearer` and a `b64token` of 16 or more characters: the
///   token goes), anything shaped like a JWT (`eyJ` and two or more `.segment` after it), three or more dotted
///   segments of 16 or more base64url characters (an opaque token), and the value of an `X-IDENTITY-HEADER:` line.
///
/// Overlapping or touching finds become one `[redacted]`.
package struct Redactor: Sendable {
    package static let marker = "[redacted]"
    /// The shortest base64 run decoded: the encoding of the shortest secret searched for in decoded bytes.
    static let shortestEncodedRun = 11

    private let automata: [SecretAutomaton]
    /// Whether a secret holds a space, which a form body sends as `+`.
    private let secretsHaveSpaces: Bool

    package init(secrets: [String]) {
        let patterns = Set(secrets.filter { !$0.isEmpty }).map { Array($0.utf8) }
        automata = patterns.isEmpty ? [] : [SecretAutomaton(patterns)]
        secretsHaveSpaces = patterns.contains { $0.contains(0x20) }
    }

    private init(automata: [SecretAutomaton], secretsHaveSpaces: Bool) {
        self.automata = automata
        self.secretsHaveSpaces = secretsHaveSpaces
    }

    /// This redactor and `secrets` too (a holder's short values; the registry's automaton is reused as built).
    package func adding(_ secrets: [String]) -> Redactor {
        let more = Redactor(secrets: secrets)
        guard !more.automata.isEmpty else { return self }
        return Redactor(
            automata: automata + more.automata, secretsHaveSpaces: secretsHaveSpaces || more.secretsHaveSpaces)
    }

    /// How far past a cut a text must be read so that every secret form that starts before the cut ends inside it
    /// (a JSON `\u` escape is six bytes for one; base64 of a percent-encoded secret four): the cut of `ServerText`.
    package var lookahead: Int { max(16 * 1024, 8 * (automata.map(\.longestPattern).max() ?? 0) + 64) }

    /// `text` with every form of every secret, bearer credentials and JWT-shaped strings replaced by `marker`.
    package func redact(_ text: String) -> String {
        let bytes = Array(text.utf8)
        return String(decoding: render(bytes, spans: spans(in: bytes), upTo: bytes.count).bytes, as: UTF8.self)
    }

    /// The first `visible` bytes of `bytes` redacted; a secret that starts before `visible` is replaced whole (the
    /// bytes after `visible` serve to recognise it). True when something after `visible` was left out.
    func redactPrefix(_ bytes: [UInt8], visible: Int) -> (text: String, cut: Bool) {
        let rendered = render(bytes, spans: spans(in: bytes), upTo: visible)
        return (String(decoding: rendered.bytes, as: UTF8.self), rendered.end < bytes.count)
    }

    /// Everything to remove, as ranges of `bytes`, in no order.
    func spans(in bytes: [UInt8]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        for view in views(of: bytes) {
            var local: [Range<Int>] = []
            for automaton in automata { automaton.scan(view.bytes) { local.append($0) } }
            CredentialShapes.bearerTokens(view.bytes) { local.append($0) }
            CredentialShapes.dottedTokens(view.bytes) { local.append($0) }
            CredentialShapes.identityHeaderLines(view.bytes) { local.append($0) }
            CredentialShapes.base64Runs(
                view.bytes, minimumLength: Self.shortestEncodedRun, matches: holdsCredential
            ) { local.append($0) }
            spans += local.map(view.original)
        }
        return spans
    }

    /// The text and the decoded views worth building: each only when the text holds what it decodes (a `%XX`, a
    /// JSON escape; a `+` where a secret has a space or the text is percent-encoded).
    private func views(of bytes: [UInt8], mapped: Bool = true) -> [DecodedView] {
        let raw = DecodedView(bytes, mapped: mapped)
        var views = [raw]
        let escapes = Escapes(bytes)
        if escapes.json {
            let json = raw.jsonUnescaped()
            views.append(json)
            let inner = Escapes(json.bytes)
            if inner.percent { views.append(json.percentDecoded(plusAsSpace: false)) }
            if inner.plus && (inner.percent || secretsHaveSpaces) {
                views.append(json.percentDecoded(plusAsSpace: true))
            }
        }
        if escapes.percent { views.append(raw.percentDecoded(plusAsSpace: false)) }
        if escapes.plus && (escapes.percent || secretsHaveSpaces) {
            views.append(raw.percentDecoded(plusAsSpace: true))
        }
        return views
    }

    /// Which decodings a text needs, found in one pass.
    private struct Escapes {
        var percent = false
        var json = false
        var plus = false

        init(_ bytes: [UInt8]) {
            var index = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "%") where index + 2 < bytes.count:
                    percent =
                        percent
                        || (DecodedView.hexValue(bytes[index + 1]) != nil
                            && DecodedView.hexValue(bytes[index + 2]) != nil)
                case UInt8(ascii: "\\") where index + 1 < bytes.count:
                    json = json || Self.jsonEscapeLetters.contains(bytes[index + 1])
                case UInt8(ascii: "+"):
                    plus = true
                default:
                    break
                }
                index += 1
            }
        }

        private static let jsonEscapeLetters = Set("u/\"\\bfnrt".utf8)
    }

    /// Whether decoded base64 holds a registered secret (8 bytes or more: shorter ones would turn up in random bytes)
    /// or a credential shape, as is or in one of its decoded views.
    private func holdsCredential(_ decoded: [UInt8]) -> Bool {
        for view in views(of: decoded, mapped: false) {
            let bytes = view.bytes
            for automaton in automata
            where automaton.occurs(in: bytes, minimumLength: SecretRegistry.minimumLength) {
                return true
            }
            // Decoded runs are mostly random bytes: the shapes are looked for only where one could start.
            guard CredentialShapes.mayHoldShape(bytes) else { continue }
            var found = false
            CredentialShapes.bearerTokens(bytes) { _ in found = true }
            CredentialShapes.identityHeaderLines(bytes) { _ in found = true }
            CredentialShapes.dottedTokens(bytes) { _ in found = true }
            if found { return true }
        }
        return false
    }

    /// `bytes[..<limit]` with every span replaced by `marker`, spans that overlap or touch merged; a span that
    /// starts before `limit` is replaced whole. Also where the rendering stopped in `bytes`. Linear: the furthest end
    /// of the spans starting at each byte is tabled, then one sweep.
    private func render(_ bytes: [UInt8], spans: [Range<Int>], upTo limit: Int) -> (bytes: [UInt8], end: Int) {
        var furthest = [Int](repeating: 0, count: bytes.count + 1)
        for span in spans where !span.isEmpty {
            furthest[span.lowerBound] = max(furthest[span.lowerBound], span.upperBound)
        }
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, bytes.count))
        var index = 0
        while index < bytes.count, index < limit {
            guard furthest[index] > index else {
                output.append(bytes[index])
                index += 1
                continue
            }
            var end = furthest[index]
            var scan = index + 1
            while scan <= end, scan < bytes.count {
                end = max(end, furthest[scan])
                scan += 1
            }
            output += Self.markerBytes
            index = end
        }
        return (output, index)
    }

    private static let markerBytes = Array(marker.utf8)

    /// Common forms of `secret` in an echo: raw, percent-encoded as a form body and as a query, JSON-escaped, base64
    /// and base64url with and without padding. The redactor decodes rather than lists (see the type); tests check
    /// what it removes with these.
    package static func forms(of secret: String) -> [String] {
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
        return Array(Set(candidates.filter { !$0.isEmpty })).sorted()
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
