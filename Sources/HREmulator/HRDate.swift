import Foundation

/// Civil dates as days since 1970-01-01 (UTC), without a calendar object, so every preset's date text is the same
/// on every machine.
enum HRDate {
    /// Days since 1970-01-01 of `yyyy-MM-dd`; nil for anything else or an impossible date.
    static func epochDay(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        return days(year: year, month: month, day: day)
    }

    /// `yyyy-MM-dd` of a day number.
    static func text(_ epochDay: Int) -> String {
        let (year, month, day) = civil(epochDay)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// `MM/dd/yyyy`, as US-formatted report columns show dates.
    static func usText(_ date: String) -> String? {
        guard let day = epochDay(date) else { return nil }
        let (y, m, d) = civil(day)
        return String(format: "%02d/%02d/%04d", m, d, y)
    }

    /// Milliseconds since 1970 at midnight UTC of `yyyy-MM-dd`.
    static func milliseconds(_ date: String) -> Int? { epochDay(date).map { $0 * 86_400_000 } }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days-from-civil.
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(_ epochDay: Int) -> (Int, Int, Int) {
        let z = epochDay + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
