import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The date formats the real services use, from epoch seconds; hand-written because log pages render
/// thousands of them and `DateFormatter` is neither fast nor `Sendable`.
enum Timestamp {
    private static func parts(_ seconds: Double) -> tm {
        var time = time_t(seconds.rounded(.down))
        var result = tm()
        gmtime_r(&time, &result)
        return result
    }

    private static func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func date(_ t: tm) -> String {
        let year = String(Int(t.tm_year) + 1900)
        return "\(year)-\(two(t.tm_mon + 1))-\(two(t.tm_mday))"
    }

    private static func time(_ t: tm) -> String { "\(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec))" }

    /// `2019-05-04T03:00:54Z` (Graph DateTimeOffset).
    static func iso8601(_ seconds: Double) -> String {
        let t = parts(seconds)
        return "\(date(t))T\(time(t))Z"
    }

    /// `2021-04-30T22:39:43` (Graph error innerError.date).
    static func innerErrorDate(_ seconds: Double) -> String {
        let t = parts(seconds)
        return "\(date(t))T\(time(t))"
    }

    /// `2024-01-01 00:00:00Z` (token error `timestamp`).
    static func tokenErrorTimestamp(_ seconds: Double) -> String {
        let t = parts(seconds)
        return "\(date(t)) \(time(t))Z"
    }

    /// RFC 7231 `Date` header.
    static func httpDate(_ seconds: Double) -> String {
        let t = parts(seconds)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return
            "\(days[Int(t.tm_wday)]), \(two(t.tm_mday)) \(months[Int(t.tm_mon)]) \(Int(t.tm_year) + 1900) \(time(t)) "
            + "GMT"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`; nil for anything else.
    static func parseISO8601(_ text: String) -> Double? {
        let chars = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int32? {
            guard start + count <= chars.count else { return nil }
            var value: Int32 = 0
            for byte in chars[start..<(start + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int32(byte - 48)
            }
            return value
        }
        guard chars.count >= 20, chars[4] == 45, chars[7] == 45, chars[10] == 84 || chars[10] == 116,
            chars[13] == 58, chars[16] == 58,
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < chars.count, chars[index] == 46 {
            index += 1
            var scale = 0.1
            let start = index
            while index < chars.count, chars[index] >= 48, chars[index] <= 57 {
                fraction += Double(chars[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offset = 0
        guard index < chars.count else { return nil }
        if chars[index] == 90 || chars[index] == 122 {
            index += 1
        } else if chars[index] == 43 || chars[index] == 45, index + 6 == chars.count, chars[index + 3] == 58,
            let hours = number(index + 1, 2), let minutes = number(index + 4, 2)
        {
            offset = (chars[index] == 43 ? 1 : -1) * Int(hours * 3600 + minutes * 60)
            index += 6
        } else {
            return nil
        }
        guard index == chars.count else { return nil }
        var t = tm()
        t.tm_year = year - 1900
        t.tm_mon = month - 1
        t.tm_mday = day
        t.tm_hour = hour
        t.tm_min = minute
        t.tm_sec = second
        return Double(timegm(&t)) - Double(offset) + fraction
    }
}
