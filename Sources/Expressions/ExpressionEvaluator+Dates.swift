/// CDate, DateAdd, DateDiff, DateFromNum, FormatDateTime, Now, NumFromDate.
extension ExpressionEvaluator {
    /// What `CDate` and the date arguments accept: ISO 8601 dates and date-times with `Z`, an offset or neither
    /// (`2020-03-16-07:00`, `2009-06-15T01:45:30-07:00`, `2021-08-24`), the `M/d/yyyy h:mm:ss tt` text the date
    /// functions themselves give, and a few named-month forms. A time without an offset is UTC.
    static let dateFormats: [DotNetDateFormat] = [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mmK", "yyyy-MM-ddK",
        "M/d/yyyy h:mm:ss tt", "M/d/yyyy h:mm tt", "M/d/yyyy H:mm:ss", "M/d/yyyy H:mm", "M/d/yyyy",
        "yyyy/M/d H:mm:ss", "yyyy/M/d", "d MMMM yyyy", "d MMM yyyy", "MMMM d, yyyy", "MMM d, yyyy",
        "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
        // Constant patterns that compile (ExpressionFunctionTests uses every one), so the force-try cannot fail.
    ].map { try! DotNetDateFormat($0) }

    static func parseDate(_ text: String, today: ExpressionDate) -> ExpressionDate? {
        let styles = DotNetDateFormat.Styles()
        for format in dateFormats {
            if let date = format.parse(text, styles: styles, today: today) { return date }
        }
        return nil
    }

    func dates(_ call: ExpressionCall) throws(ExpressionFailure) -> ExpressionValue {
        switch call.function {
        case .now:
            return .date(now)
        case .cDate:
            return try date(call, 0).map(ExpressionValue.date) ?? .null
        case .dateFromNum:
            guard let number = try integer(call, 0) else { return .null }
            let (ticks, overflow) = ExpressionDate.fileTimeEpochTicks.addingReportingOverflow(number)
            guard !overflow, let date = ExpressionDate(ticks: ticks) else {
                throw fail(call, "\(number) is outside the dates 0001 to 9999")
            }
            return .date(date)
        case .numFromDate:
            guard let date = try date(call, 0) else { return .null }
            return .integer(date.ticks - ExpressionDate.fileTimeEpochTicks)
        case .dateAdd:
            let interval = try self.interval(call)
            guard let amount = try integer(call, 1), let start = try date(call, 2) else { return .null }
            guard let result = Self.add(amount, interval, to: start) else {
                throw fail(call, "the result is outside the dates 0001 to 9999")
            }
            return .date(result)
        case .dateDiff:
            let interval = try self.interval(call)
            guard let first = try date(call, 1), let second = try date(call, 2) else { return .null }
            return .integer(Self.difference(interval, from: first, to: second))
        case .formatDateTime:
            return try formatDateTime(call)
        default:
            preconditionFailure("not a date function: \(call.function)")
        }
    }

    private func interval(_ call: ExpressionCall) throws(ExpressionFailure) -> String {
        if let interval = call.prepared.interval { return interval }
        let text = try self.text(call, 0) ?? ""
        guard let interval = Self.normalizedInterval(text) else {
            throw fail(
                call, "interval \"\(text)\" is not one of \(ExpressionFunction.intervals.joined(separator: ", "))")
        }
        return interval
    }

    static func normalizedInterval(_ text: String) -> String? {
        let lowered = text.lowercased()
        return ExpressionFunction.intervals.contains(lowered) ? lowered : nil
    }

    static func add(_ amount: Int64, _ interval: String, to date: ExpressionDate) -> ExpressionDate? {
        let second = ExpressionDate.ticksPerSecond
        func ticks(_ unit: Int64) -> ExpressionDate? {
            let (product, overflow) = amount.multipliedReportingOverflow(by: unit)
            return overflow ? nil : date.adding(ticks: product)
        }
        switch interval {
        case "yyyy":
            let (months, overflow) = amount.multipliedReportingOverflow(by: 12)
            return overflow ? nil : date.adding(months: months)
        case "m": return date.adding(months: amount)
        case "d": return ticks(86_400 * second)
        case "ww": return ticks(7 * 86_400 * second)
        case "h": return ticks(3_600 * second)
        case "n": return ticks(60 * second)
        default: return ticks(second)
        }
    }

    /// Visual Basic's `DateDiff`: whole days, hours, minutes or seconds between the instants (truncated); calendar
    /// years and months between the dates; `ww` counts the Sundays crossed (weeks starting on Sunday).
    static func difference(_ interval: String, from first: ExpressionDate, to second: ExpressionDate) -> Int64 {
        let delta = second.ticks - first.ticks
        let a = first.fields
        let b = second.fields
        switch interval {
        case "yyyy": return Int64(b.year - a.year)
        case "m": return Int64((b.year - a.year) * 12 + (b.month - a.month))
        case "d": return delta / ExpressionDate.ticksPerDay
        case "ww":
            let start = first.startOfDay.ticks / ExpressionDate.ticksPerDay - Int64(a.weekday)
            let end = second.startOfDay.ticks / ExpressionDate.ticksPerDay - Int64(b.weekday)
            return (end - start) / 7
        case "h": return delta / (3_600 * ExpressionDate.ticksPerSecond)
        case "n": return delta / (60 * ExpressionDate.ticksPerSecond)
        default: return delta / ExpressionDate.ticksPerSecond
        }
    }

    private func formatDateTime(_ call: ExpressionCall) throws(ExpressionFailure) -> ExpressionValue {
        let styles: DotNetDateFormat.Styles
        if let prepared = call.prepared.styles {
            styles = prepared
        } else {
            switch DotNetDateFormat.Styles.parse(try text(call, 1) ?? "") {
            case .success(let parsed): styles = parsed
            case .failure(let unknown): throw fail(call, "\"\(unknown.name)\" is not a DateTimeStyles name")
            }
        }
        var input = call.prepared.inputFormat
        if input == nil { input = try format(call, 2) }
        var output = call.prepared.outputFormat
        if output == nil { output = try format(call, 3) }
        guard let input, let output else { return .null }
        let source = try argument(call, 0)
        switch source {
        case .null, .ignored:
            return .null
        case .date(let date):
            return .text(output.format(date))
        default:
            guard let text = source.text, let date = input.parse(text, styles: styles, today: now) else {
                throw fail(call, "\(source.quoted) does not match the input format \"\(input.pattern)\"")
            }
            return .text(output.format(date))
        }
    }

    private func format(_ call: ExpressionCall, _ index: Int) throws(ExpressionFailure) -> DotNetDateFormat {
        let pattern = try text(call, index) ?? ""
        if let cached = cache.formats[pattern] { return cached }
        do {
            let format = try DotNetDateFormat(pattern)
            if cache.formats.count < 256 { cache.formats[pattern] = format }
            return format
        } catch {
            throw fail(call, error.message)
        }
    }
}
