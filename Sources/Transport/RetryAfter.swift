import Foundation

/// Parses a Retry-After value: integer seconds, fractional seconds ("2.128"), or an HTTP-date (RFC 1123 / 850 /
/// asctime) relative to `now`. nil when absent/garbage; the result is always finite, within 0...`longest`.
///
/// Graph's throttling example is fractional (docs/service.md, "Graph conventions"), so seconds are parsed as a Double,
/// unlike the .NET SDK. A server value is never trusted with arithmetic: "1e10" seconds or a date in the year 9999
/// clamp to `longest` (callers compare with their own limit and name the server's text, not this number).
package enum RetryAfter {
    /// A year: longer than any wait a client would honour, small enough for any arithmetic on it.
    package static let longest: Double = 365 * 86_400

    package static func seconds(from header: String?, now: Date = Date()) -> Double? {
        guard let text = header?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = delaySeconds(text) { return clamp(seconds) }
        guard let date = httpDate(text) else { return nil }
        return clamp(date.timeIntervalSince(now))
    }

    private static func clamp(_ seconds: Double) -> Double {
        seconds.isNaN ? longest : min(max(0, seconds), longest)
    }

    /// Plain decimal seconds only: `Double("inf")`, "nan" and hex floats would otherwise parse. Digits too many for a
    /// Double give infinity, which `clamp` turns into `longest`.
    private static func delaySeconds(_ text: String) -> Double? {
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(text), !value.isNaN
        else { return nil }
        return value
    }

    /// The three formats RFC 9110 §5.6.7 requires recipients to accept, always in GMT.
    private static let httpDateFormats = [
        "EEE, dd MMM yyyy HH:mm:ss zzz",  // RFC 1123: Sun, 06 Nov 1994 08:49:37 GMT
        "EEEE, dd-MMM-yy HH:mm:ss zzz",  // RFC 850:  Sunday, 06-Nov-94 08:49:37 GMT
        "EEE MMM d HH:mm:ss yyyy",  // asctime:  Sun Nov  6 08:49:37 1994
    ]

    private static func httpDate(_ text: String) -> Date? {
        // HTTP-dates are ASCII; and corelibs' DateFormatter traps ("Incorrect range CFRange") on some non-ASCII
        // input, which a proxy could send (found by fuzzing, docs/fuzzing.md).
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        // asctime pads single-digit days with a space; collapse runs of spaces so one pattern fits both.
        let normalized = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        for format in httpDateFormats {
            // A formatter per call: Retry-After dates are rare, and this avoids sharing a mutable formatter across
            // tasks.
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: normalized) { return date }
        }
        return nil
    }
}
