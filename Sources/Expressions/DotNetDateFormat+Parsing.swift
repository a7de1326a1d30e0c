/// Parsing text with a .NET format, as `DateTime.ParseExact` does with the invariant culture.
extension DotNetDateFormat {
    /// `DateTimeStyles` names `FormatDateTime` accepts. All times are UTC here, so the kind and local-time styles make
    /// no difference; leading and trailing white space is always allowed (Entra's default styles allow both).
    static let styleNames = [
        "None", "AllowLeadingWhite", "AllowTrailingWhite", "AllowInnerWhite", "AllowWhiteSpaces",
        "NoCurrentDateDefault", "AdjustToUniversal", "AssumeLocal", "AssumeUniversal", "RoundtripKind",
    ]

    struct Styles: Sendable, Equatable {
        var innerWhite = false
        var noCurrentDateDefault = false

        struct Unknown: Error, Sendable { let name: String }

        /// `"AllowWhiteSpaces, AdjustToUniversal"`, also with `|` or `DateTimeStyles.` prefixes; a failure names
        /// the unknown style.
        static func parse(_ text: String) -> Result<Styles, Unknown> {
            var styles = Styles()
            let names = text.split(whereSeparator: { $0 == "," || $0 == "|" || $0 == " " }).map { name in
                name.hasPrefix("DateTimeStyles.") ? String(name.dropFirst("DateTimeStyles.".count)) : String(name)
            }
            for name in names {
                guard DotNetDateFormat.styleNames.contains(name) else { return .failure(Unknown(name: name)) }
                if name == "AllowInnerWhite" || name == "AllowWhiteSpaces" { styles.innerWhite = true }
                if name == "NoCurrentDateDefault" { styles.noCurrentDateDefault = true }
            }
            return .success(styles)
        }
    }

    /// The instant `text` denotes (converted to UTC by its offset), or nil when it does not match the format.
    /// `today` fills in a date the text lacks, as .NET uses the current date.
    func parse(_ text: String, styles: Styles = Styles(), today: ExpressionDate) -> ExpressionDate? {
        var scanner = Scanner(Array(text.unicodeScalars))
        scanner.skipWhite()
        var year: Int?
        var month: Int?
        var day: Int?
        var hour = 0
        var minute = 0
        var second = 0
        var fraction: Int64 = 0
        var pm: Bool?
        var offsetMinutes = 0
        var sawDate = false
        for field in fields {
            if styles.innerWhite { scanner.skipWhite() }
            switch field {
            case .year(let n):
                guard let value = scanner.digits(min: n <= 2 ? n : max(n, 4), max: n <= 2 ? 2 : max(n, 4))
                else { return nil }
                // .NET's two-digit year window ends in 2049.
                year = n <= 2 ? (value < 50 ? 2000 + value : 1900 + value) : value
                sawDate = true
            case .month(let n):
                if n >= 3 {
                    guard let index = scanner.name(in: Self.monthNames, abbreviated: n == 3) else { return nil }
                    month = index + 1
                } else {
                    guard let value = scanner.digits(min: n, max: 2) else { return nil }
                    month = value
                }
                sawDate = true
            case .day(let n):
                if n >= 3 {
                    guard scanner.name(in: Self.dayNames, abbreviated: n == 3) != nil else { return nil }
                } else {
                    guard let value = scanner.digits(min: n, max: 2) else { return nil }
                    day = value
                    sawDate = true
                }
            case .hour12(let n), .hour24(let n):
                guard let value = scanner.digits(min: min(n, 2), max: 2) else { return nil }
                hour = value
            case .minute(let n):
                guard let value = scanner.digits(min: min(n, 2), max: 2) else { return nil }
                minute = value
            case .second(let n):
                guard let value = scanner.digits(min: min(n, 2), max: 2) else { return nil }
                second = value
            case .fraction(let n, let optional):
                let start = scanner.index
                guard let value = scanner.digits(min: optional ? 0 : n, max: n) else { return nil }
                var ticks = Int64(value)
                for _ in 0..<(7 - (scanner.index - start)) { ticks *= 10 }
                fraction = ticks
            case .designator(let n):
                guard let isPM = scanner.designator(long: n > 1) else { return nil }
                pm = isPM
            case .offset(let n):
                guard let minutes = scanner.offset(requireMinutes: n >= 3, allowMinutes: n >= 3) else { return nil }
                offsetMinutes = minutes
            case .kind:
                if scanner.take("Z") || scanner.take("z") {
                    offsetMinutes = 0
                } else if scanner.peekSign, let minutes = scanner.offset(requireMinutes: false, allowMinutes: true) {
                    offsetMinutes = minutes
                }
            case .era:
                _ = scanner.take("A.D.") || scanner.take("AD")
            case .literal(let literal):
                guard scanner.literal(literal, innerWhite: styles.innerWhite) else { return nil }
            }
        }
        scanner.skipWhite()
        guard scanner.atEnd else { return nil }
        if let pm {
            guard (1...12).contains(hour) || hour == 0 else { return nil }
            if pm, hour < 12 { hour += 12 } else if !pm, hour == 12 { hour = 0 }
        }
        let base = today.fields
        if !sawDate {
            if styles.noCurrentDateDefault {
                (year, month, day) = (1, 1, 1)
            } else {
                (year, month, day) = (base.year, base.month, base.day)
            }
        }
        guard
            let local = ExpressionDate(
                year: year ?? base.year, month: month ?? 1, day: day ?? 1, hour: hour, minute: minute, second: second,
                fraction: fraction)
        else { return nil }
        return local.adding(ticks: -Int64(offsetMinutes) * 60 * ExpressionDate.ticksPerSecond)
    }
}

/// A cursor over Unicode scalars for `DotNetDateFormat.parse`. Only ASCII digits count as digits.
private struct Scanner {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var atEnd: Bool { index >= scalars.count }
    var peekSign: Bool { !atEnd && (scalars[index] == "+" || scalars[index] == "-") }

    mutating func skipWhite() {
        while !atEnd, scalars[index].properties.isWhitespace { index += 1 }
    }

    mutating func digits(min: Int, max: Int) -> Int? {
        var value = 0
        var count = 0
        while count < max, index < scalars.count, let digit = Self.digit(scalars[index]) {
            value = value * 10 + digit
            count += 1
            index += 1
        }
        return count >= min && count > 0 || (min == 0 && count == 0) ? value : nil
    }

    static func digit(_ scalar: Unicode.Scalar) -> Int? {
        scalar.value >= 0x30 && scalar.value <= 0x39 ? Int(scalar.value - 0x30) : nil
    }

    mutating func take(_ text: String) -> Bool {
        let wanted = Array(text.unicodeScalars)
        guard index + wanted.count <= scalars.count, Array(scalars[index..<index + wanted.count]) == wanted
        else { return false }
        index += wanted.count
        return true
    }

    /// A literal of the format; with `innerWhite`, a space in it matches any run of white space (or none).
    mutating func literal(_ text: String, innerWhite: Bool) -> Bool {
        for scalar in text.unicodeScalars {
            if innerWhite, scalar.properties.isWhitespace {
                skipWhite()
                continue
            }
            guard !atEnd, scalars[index] == scalar else { return false }
            index += 1
        }
        return true
    }

    /// The index of the (case-insensitively) matching name, trying the longest first.
    mutating func name(in names: [String], abbreviated: Bool) -> Int? {
        let candidates = names.enumerated().map {
            (offset: $0.offset, name: abbreviated ? String($0.element.prefix(3)) : $0.element)
        }
        for candidate in candidates.sorted(by: { $0.name.count > $1.name.count }) {
            let wanted = Array(candidate.name.lowercased().unicodeScalars)
            guard index + wanted.count <= scalars.count else { continue }
            let found = String(String.UnicodeScalarView(scalars[index..<index + wanted.count])).lowercased()
            if Array(found.unicodeScalars) == wanted {
                index += wanted.count
                return candidate.offset
            }
        }
        return nil
    }

    /// `AM`/`PM` (or `A`/`P`), any case; true for PM.
    mutating func designator(long: Bool) -> Bool? {
        guard !atEnd else { return nil }
        let first = scalars[index].properties.uppercaseMapping
        guard first == "A" || first == "P" else { return nil }
        index += 1
        if long {
            guard !atEnd, scalars[index].properties.uppercaseMapping == "M" else { return nil }
            index += 1
        }
        return first == "P"
    }

    /// `+8`, `-08`, `+08:00`, `+0800`: minutes east of UTC.
    mutating func offset(requireMinutes: Bool, allowMinutes: Bool) -> Int? {
        guard peekSign else { return nil }
        let negative = scalars[index] == "-"
        index += 1
        guard let hours = digits(min: 1, max: 2), hours <= 14 else { return nil }
        var minutes = 0
        if allowMinutes {
            let colon = take(":")
            if let value = digits(min: 2, max: 2) {
                guard value < 60 else { return nil }
                minutes = value
            } else if colon || requireMinutes {
                return nil
            }
        }
        let total = hours * 60 + minutes
        return negative ? -total : total
    }
}
