import Foundation

/// Text that came from a server (error bodies, token endpoint errors, Graph messages, provisioning-log reasons, a
/// Location or Retry-After header), made safe before it is printed, logged or stored.
///
/// Three things happen, in this order: every secret in `SecretRegistry.shared` (and any `extra`) is removed in every
/// encoding it may have been sent in, with bearer tokens and JWT-shaped strings (`Redactor`); every control character
/// is escaped, LF, CR and TAB included, so that a server cannot start a new line in cron mail or syslog; the result
/// is cut to `limit` characters.
///
/// The work is bounded by `limit`, not by the server: only the start of the text that can be shown is read
/// (`limit` × 4 bytes, the most UTF-8 a character of it can take), plus the redactor's look-ahead, so that a secret
/// starting before the cut is recognised whole and replaced, never half-shown.
package enum ServerText {
    /// The default length of a message quoted from a server.
    package static let defaultLimit = 500

    package static func clean(_ text: String, extra: [String] = [], limit: Int = defaultLimit) -> String {
        clean(utf8: text.utf8, extra: extra, limit: limit)
    }

    /// A response body: decoded as UTF-8 (invalid bytes replaced), surrounding whitespace trimmed, cleaned; with
    /// "(truncated at N KB)" when the transport stopped reading it at its cap.
    package static func clean(body: Data, truncatedAt cap: Int?, extra: [String] = [], limit: Int = defaultLimit)
        -> String
    {
        var start = body.startIndex
        while start < body.endIndex, isSpace(body[start]) { start += 1 }
        var end = body.endIndex
        // Trailing whitespace matters only when the whole body can be shown.
        if end - start <= window(limit: limit, redactor: SecretRegistry.shared.redactor) {
            while end > start, isSpace(body[end - 1]) { end -= 1 }
        }
        let cleaned = clean(utf8: body[start..<end], extra: extra, limit: limit)
        guard let cap else { return cleaned }
        return cleaned + " (truncated at \(cap >= 1024 ? "\(cap / 1024) KB" : "\(cap) bytes"))"
    }

    private static func clean<Bytes: Collection<UInt8>>(utf8 text: Bytes, extra: [String], limit: Int) -> String {
        var redactor = SecretRegistry.shared.redactor
        if !extra.isEmpty { redactor = redactor.adding(extra) }
        let window = window(limit: limit, redactor: redactor)
        var bytes = Array(text.prefix(window))
        let whole = bytes.count < window || text.count == window
        if !whole {
            // Never end inside a UTF-8 sequence.
            while let last = bytes.last, last & 0xC0 == 0x80 { bytes.removeLast() }
            if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
        }
        let visible = whole ? bytes.count : limit * 4
        let redacted = redactor.redactPrefix(bytes, visible: visible)
        let result = truncated(escapingControlCharacters(redacted.text), to: limit)
        guard !whole || redacted.cut, !result.hasSuffix("…") else { return result }
        return result + "…"
    }

    /// How many bytes of a text are read to show `limit` characters of it; everything when `limit` is 0 or less.
    private static func window(limit: Int, redactor: Redactor) -> Int {
        guard limit > 0 else { return Int.max }
        let (visible, overflow) = limit.multipliedReportingOverflow(by: 4)
        return overflow ? Int.max : visible.addingReportingOverflow(redactor.lookahead).partialValue
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// `\n`, `\r` and `\t` as those two characters; every other control character (C0, DEL, C1), the Unicode line and
    /// paragraph separators and the bidirectional overrides as `\u{XXXX}`.
    package static func escapingControlCharacters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.append(scalar)
                continue
            }
            let escaped: String
            switch scalar {
            case "\n": escaped = "\\n"
            case "\r": escaped = "\\r"
            case "\t": escaped = "\\t"
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                escaped = "\\u{" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
            }
            out.append(contentsOf: escaped.unicodeScalars)
        }
        return String(out)
    }

    /// Whether a character is shown escaped: C0, DEL and C1 controls, the Unicode line and paragraph separators and
    /// the bidirectional controls (an U+202E in a name would print the rest of the line backwards). The console
    /// uses the same set for every message, keeping only its own line feeds and tabs.
    package static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true  // line and paragraph separators
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional controls
        default: false
        }
    }

    private static func truncated(_ text: String, to limit: Int) -> String {
        guard limit > 0, text.count > limit else { return text }
        return String(text.prefix(limit)) + "…"
    }
}
