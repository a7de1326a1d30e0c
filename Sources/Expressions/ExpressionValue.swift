/// A value while an expression is evaluated. Cells are text; functions also make booleans, numbers, dates and the
/// multi-valued results of `Split`.
package enum ExpressionValue: Sendable, Equatable {
    /// No value: a blank cell, an omitted argument, a function with nothing to return.
    case null
    /// `IgnoreFlowIfNullOrEmpty` found nothing: the attribute is left out even with `--empty-as-null`.
    case ignored
    case text(String)
    case boolean(Bool)
    case integer(Int64)
    case decimal(Double)
    case date(ExpressionDate)
    case list([String])

    /// Null, ignored or empty text: what `IsNullOrEmpty` calls empty.
    var isNullOrEmpty: Bool {
        switch self {
        case .null, .ignored: return true
        case .text(let text): return text.isEmpty
        case .list(let items): return items.isEmpty
        default: return false
        }
    }

    /// Bytes of UTF-8 the value holds (a list's items and a separator each): what `ExpressionLimits` caps.
    var byteCount: Int {
        switch self {
        case .text(let text): return text.utf8.count
        case .list(let items): return items.reduce(items.count) { $0 + $1.utf8.count }
        default: return 0
        }
    }

    var isNull: Bool {
        switch self {
        case .null, .ignored: return true
        default: return false
        }
    }

    /// The value as text, as .NET would print it (`True`, `42`, `3/16/2020 7:00:00 AM`); nil for null.
    /// A list is its items joined by commas (only reached when a list is used where one value is expected).
    package var text: String? {
        switch self {
        case .null, .ignored: return nil
        case .text(let text): return text
        case .boolean(let flag): return flag ? "True" : "False"
        case .integer(let number): return String(number)
        case .decimal(let number): return Self.decimalText(number)
        case .date(let date): return date.entraText
        case .list(let items): return items.joined(separator: ",")
        }
    }

    /// Text of a number without a spurious `.0` (`1000`, `42568.75`).
    static func decimalText(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    /// The values of a multi-valued argument: a list's items, one text, or none for null.
    var items: [String] {
        switch self {
        case .list(let items): return items
        default: return text.map { [$0] } ?? []
        }
    }

    /// A whole number: integers, integral decimals, and text that reads as one. nil when it is not one.
    var integer: Int64? {
        switch self {
        case .integer(let number): return number
        case .decimal(let number):
            return number == number.rounded() && abs(number) < 9.2e18 ? Int64(number) : nil
        case .text(let text):
            let trimmed = Self.trimmedASCII(text)
            if let number = Int64(trimmed) { return number }
            if let number = Self.decimal(trimmed), number == number.rounded(), abs(number) < 9.2e18 {
                return Int64(number)
            }
            return nil
        case .boolean, .null, .ignored, .date, .list: return nil
        }
    }

    /// Any number (for comparisons): integers, decimals, numeric text.
    var number: Double? {
        switch self {
        case .integer(let number): return Double(number)
        case .decimal(let number): return number
        case .text(let text): return Self.decimal(Self.trimmedASCII(text))
        default: return nil
        }
    }

    var isNumber: Bool {
        switch self {
        case .integer, .decimal: return true
        default: return false
        }
    }

    /// Plain decimal text only (`Double("inf")`, `"nan"` and hex floats would otherwise parse).
    static func decimal(_ text: String) -> Double? {
        let body = text.hasPrefix("-") || text.hasPrefix("+") ? text.utf8.dropFirst() : text.utf8[...]
        var digits = 0
        var dots = 0
        for byte in body {
            if byte >= 0x30 && byte <= 0x39 { digits += 1 } else if byte == 0x2E { dots += 1 } else { return nil }
        }
        guard digits > 0, dots <= 1, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// `True`/`False` (any case), a boolean, or a number (non-zero is true); nil when none of these.
    var boolean: Bool? {
        switch self {
        case .boolean(let flag): return flag
        case .integer(let number): return number != 0
        case .decimal(let number): return number != 0
        case .text(let text):
            switch Self.trimmedASCII(text).lowercased() {
            case "true": return true
            case "false": return false
            default: return number.map { $0 != 0 }
            }
        case .null, .ignored, .date, .list: return nil
        }
    }

    static func trimmedASCII(_ text: String) -> String {
        TextOperations.trimmedASCIIBlanks(text)
    }

    /// A short rendering for messages: `"abc"`, `True`, `42`, `null`.
    package var quoted: String {
        switch self {
        case .null, .ignored: return "null"
        case .text(let text): return "\"\(text)\""
        case .list(let items): return "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        default: return text ?? "null"
        }
    }
}
