import Foundation

/// A UTC instant as the expression language's date functions see it: .NET ticks (100 ns) since 0001-01-01T00:00Z in
/// the proleptic Gregorian calendar, from 0001-01-01 to 9999-12-31 like .NET's `DateTime`.
///
/// Dates are computed by hand (days-from-civil arithmetic) rather than with `DateFormatter`/`Calendar`: results do not
/// depend on the machine's time zone or locale, nothing bridges to NSString per row, and corelibs' `DateFormatter`
/// traps on some non-ASCII text (docs/fuzzing.md), which an HR cell could hold.
package struct ExpressionDate: Sendable, Equatable, Comparable, Hashable {
    let ticks: Int64

    static let ticksPerSecond: Int64 = 10_000_000
    static let ticksPerDay: Int64 = 86_400 * ticksPerSecond
    /// 1970-01-01 in ticks.
    static let unixEpochTicks: Int64 = 621_355_968_000_000_000
    /// 1601-01-01 in ticks: the epoch of Active Directory's FILETIME values (`DateFromNum`, `NumFromDate`).
    static let fileTimeEpochTicks: Int64 = 504_911_232_000_000_000
    static let maxTicks: Int64 = 3_155_378_975_999_999_999

    init?(ticks: Int64) {
        guard ticks >= 0, ticks <= Self.maxTicks else { return nil }
        self.ticks = ticks
    }

    package init(_ date: Date) {
        let ticks = Self.unixEpochTicks + Int64((date.timeIntervalSince1970 * 1e7).rounded(.down))
        self.ticks = min(max(ticks, 0), Self.maxTicks)
    }

    /// nil when a field is out of range (month 13, February 30, hour 24…).
    init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, fraction: Int64 = 0) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= Self.daysInMonth(year: year, month: month),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
            (0..<Self.ticksPerSecond).contains(fraction)
        else { return nil }
        let days =
            Int64(Self.daysFromCivil(year: year, month: month, day: day)) + Self.unixEpochTicks / Self.ticksPerDay
        let seconds = Int64(hour * 3600 + minute * 60 + second)
        self.ticks = days * Self.ticksPerDay + seconds * Self.ticksPerSecond + fraction
    }

    package static func < (lhs: ExpressionDate, rhs: ExpressionDate) -> Bool { lhs.ticks < rhs.ticks }

    /// Calendar fields of the instant (UTC).
    struct Fields {
        let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
        /// Ticks within the second, 0…9,999,999.
        let fraction: Int64
        /// 0 = Sunday … 6 = Saturday.
        let weekday: Int
    }

    var fields: Fields {
        let days = ticks / Self.ticksPerDay
        let civil = Self.civilFromDays(Int(days - Self.unixEpochTicks / Self.ticksPerDay))
        let inDay = ticks % Self.ticksPerDay
        let seconds = Int(inDay / Self.ticksPerSecond)
        // 0001-01-01 was a Monday.
        return Fields(
            year: civil.year, month: civil.month, day: civil.day, hour: seconds / 3600, minute: seconds / 60 % 60,
            second: seconds % 60, fraction: inDay % Self.ticksPerSecond, weekday: Int((days + 1) % 7))
    }

    /// Midnight of the same day.
    var startOfDay: ExpressionDate { ExpressionDate(checkedTicks: ticks - ticks % Self.ticksPerDay) }

    private init(checkedTicks: Int64) { ticks = checkedTicks }

    /// nil when the result leaves 0001…9999.
    func adding(ticks delta: Int64) -> ExpressionDate? {
        let (sum, overflow) = ticks.addingReportingOverflow(delta)
        return overflow ? nil : ExpressionDate(ticks: sum)
    }

    /// .NET `AddMonths`: the day is clamped to the last day of the target month (Jan 31 + 1 month = Feb 28/29).
    func adding(months: Int64) -> ExpressionDate? {
        let parts = fields
        let total = Int64(parts.year) * 12 + Int64(parts.month - 1) + months
        guard total >= 12, total < 10_000 * 12 else { return nil }
        let year = Int(total / 12)
        let month = Int(total % 12) + 1
        let day = min(parts.day, Self.daysInMonth(year: year, month: month))
        return ExpressionDate(
            year: year, month: month, day: day, hour: parts.hour, minute: parts.minute, second: parts.second,
            fraction: parts.fraction)
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count since 1970-01-01 (Hinnant's `civil_from_days`).
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
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

extension ExpressionDate {
    /// `M/d/yyyy h:mm:ss tt`: how Entra's date functions (CDate, DateAdd, Now) render a date as text.
    var entraText: String {
        let parts = fields
        let hour12 = parts.hour % 12 == 0 ? 12 : parts.hour % 12
        return "\(parts.month)/\(parts.day)/\(Self.padded(parts.year, 4)) \(hour12):\(Self.padded(parts.minute, 2)):"
            + "\(Self.padded(parts.second, 2)) \(parts.hour < 12 ? "AM" : "PM")"
    }

    /// `yyyy-MM-ddTHH:mm:ssZ`: how a SCIM dateTime attribute is sent (the form the rest of the mapping produces).
    package var isoText: String {
        let parts = fields
        return "\(Self.padded(parts.year, 4))-\(Self.padded(parts.month, 2))-\(Self.padded(parts.day, 2))T"
            + "\(Self.padded(parts.hour, 2)):\(Self.padded(parts.minute, 2)):\(Self.padded(parts.second, 2))Z"
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
