import Foundation

/// Parses a `Retry-After` header: integer seconds, fractional seconds (Graph's documented example is `2.128`,
/// contract §6.1), or an HTTP-date (RFC 7231: IMF-fixdate, RFC 850, asctime) relative to `now`.
public enum RetryAfter {
    /// Seconds to wait, or nil when the header is absent or unreadable. Past dates give 0.
    public static func seconds(from header: String?, now: Date = Date()) -> Double? {
        guard let text = header?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let number = Double(text), number.isFinite {
            return max(0, number)
        }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }
}
