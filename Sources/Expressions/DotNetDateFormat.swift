/// A .NET date and time format string (invariant culture), as `FormatDateTime` takes them: custom formats such as
/// `yyyyMMddHHmmss.fZ` or `M/d/yyyy hh:mm:ss tt`, and the one-letter standard formats (`d`, `o`, `s`, `u`, …).
///
/// Formats and parses by hand, like .NET's `ParseExact`: letters that are not specifiers are literal, `'…'`, `"…"`
/// and `\x` quote, `%x` is a lone specifier. All times are UTC; a parsed offset (`zzz`, `K`) is applied.
struct DotNetDateFormat: Sendable, Equatable {
    enum Field: Sendable, Equatable {
        case year(Int)
        case month(Int)
        case day(Int)
        case hour12(Int)
        case hour24(Int)
        case minute(Int)
        case second(Int)
        /// `f…` (exact digits) or `F…` (trailing zeros dropped when formatting, optional when parsing).
        case fraction(Int, optional: Bool)
        case designator(Int)
        case offset(Int)
        /// `K`: `Z` for UTC (parsing: `Z`, an offset or nothing).
        case kind
        case era
        case literal(String)
    }

    let fields: [Field]
    let pattern: String

    struct Invalid: Error, Sendable { let message: String }

    static let standard: [Character: String] = [
        "d": "MM/dd/yyyy", "D": "dddd, dd MMMM yyyy", "f": "dddd, dd MMMM yyyy HH:mm",
        "F": "dddd, dd MMMM yyyy HH:mm:ss", "g": "MM/dd/yyyy HH:mm", "G": "MM/dd/yyyy HH:mm:ss", "m": "MMMM dd",
        "M": "MMMM dd", "o": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
        "O": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
        "r": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'", "R": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
        "s": "yyyy'-'MM'-'dd'T'HH':'mm':'ss", "t": "HH:mm", "T": "HH:mm:ss", "u": "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
        "U": "dddd, dd MMMM yyyy HH:mm:ss", "y": "yyyy MMMM", "Y": "yyyy MMMM",
    ]

    init(_ pattern: String) throws(Invalid) {
        self.pattern = pattern
        guard !pattern.isEmpty else { throw Invalid(message: "the date format is empty") }
        if pattern.count == 1, let first = pattern.first {
            guard let expanded = Self.standard[first] else {
                throw Invalid(
                    message: "\"\(pattern)\" is not a standard date format (d, D, f, F, g, G, M, o, r, s, t, T, "
                        + "u, U, Y); a custom format has more than one character, e.g. \"yyyy-MM-dd\"")
            }
            fields = try Self.compile(Array(expanded))
        } else {
            fields = try Self.compile(Array(pattern))
        }
    }

    private static func compile(_ characters: [Character]) throws(Invalid) -> [Field] {
        var fields: [Field] = []
        var index = 0
        func literal(_ text: String) {
            if case .literal(let previous)? = fields.last {
                fields[fields.count - 1] = .literal(previous + text)
            } else {
                fields.append(.literal(text))
            }
        }
        while index < characters.count {
            let character = characters[index]
            var run = 1
            while index + run < characters.count, characters[index + run] == character { run += 1 }
            switch character {
            case "y": fields.append(.year(run))
            case "M": fields.append(.month(run))
            case "d": fields.append(.day(run))
            case "h": fields.append(.hour12(run))
            case "H": fields.append(.hour24(run))
            case "m": fields.append(.minute(run))
            case "s": fields.append(.second(run))
            case "f", "F":
                guard run <= 7 else {
                    throw Invalid(message: "\"\(String(repeating: character, count: run))\": at most 7 fraction digits")
                }
                fields.append(.fraction(run, optional: character == "F"))
            case "t": fields.append(.designator(run))
            case "z": fields.append(.offset(min(run, 3)))
            case "K":
                run = 1
                fields.append(.kind)
            case "g": fields.append(.era)
            case ":", "/":
                run = 1
                literal(String(character))
            case "'", "\"":
                guard let close = characters[(index + 1)...].firstIndex(of: character) else {
                    throw Invalid(message: "the quoted text in the date format has no closing \(character)")
                }
                literal(String(characters[(index + 1)..<close]))
                index = close + 1
                continue
            case "\\":
                guard index + 1 < characters.count else { throw Invalid(message: "the date format ends in a lone \\") }
                literal(String(characters[index + 1]))
                index += 2
                continue
            case "%":
                // A lone custom specifier: "%d" is the day, not the standard short-date format.
                index += 1
                continue
            default:
                literal(String(repeating: character, count: run))
            }
            index += run
        }
        return fields
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    func format(_ date: ExpressionDate) -> String {
        let parts = date.fields
        var text = ""
        for field in fields {
            switch field {
            case .year(let n):
                text += n <= 2 ? ExpressionDate.padded(parts.year % 100, n) : ExpressionDate.padded(parts.year, n)
            case .month(let n):
                text +=
                    n >= 4
                    ? Self.monthNames[parts.month - 1]
                    : n == 3
                        ? String(Self.monthNames[parts.month - 1].prefix(3)) : ExpressionDate.padded(parts.month, n)
            case .day(let n):
                text +=
                    n >= 4
                    ? Self.dayNames[parts.weekday]
                    : n == 3 ? String(Self.dayNames[parts.weekday].prefix(3)) : ExpressionDate.padded(parts.day, n)
            case .hour12(let n): text += ExpressionDate.padded(parts.hour % 12 == 0 ? 12 : parts.hour % 12, min(n, 2))
            case .hour24(let n): text += ExpressionDate.padded(parts.hour, min(n, 2))
            case .minute(let n): text += ExpressionDate.padded(parts.minute, min(n, 2))
            case .second(let n): text += ExpressionDate.padded(parts.second, min(n, 2))
            case .fraction(let n, let optional):
                var digits = String(ExpressionDate.padded(Int(parts.fraction), 7).prefix(n))
                if optional { while digits.last == "0" { digits.removeLast() } }
                text += digits
            case .designator(let n): text += parts.hour < 12 ? (n == 1 ? "A" : "AM") : (n == 1 ? "P" : "PM")
            case .offset(let n): text += n == 1 ? "+0" : n == 2 ? "+00" : "+00:00"
            case .kind: text += "Z"
            case .era: text += "A.D."
            case .literal(let literal): text += literal
            }
        }
        return text
    }
}
