import Expressions
import Foundation
import JSONDocument
import SCIM

/// Turns cell text into a typed JSON value. One per run: it caches date formatters, which are costly to create.
final class ValueConverter {
    enum Failure: Error { case invalid(String) }

    private var formatters: [String: DateFormatter] = [:]
    private lazy var isoOut: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        return formatter
    }()

    static let trueWords: Set<String> = ["true", "yes", "1"]
    static let falseWords: Set<String> = ["false", "no", "0"]

    func applyTransforms(_ transforms: [ValueRule.Transform], to text: String) -> String {
        var value = text
        for transform in transforms {
            switch transform {
            case .trim: value = value.trimmingCharacters(in: .whitespacesAndNewlines)
            // As ToLower and ToUpper: each character to one (`straße` → `STRAßE`), so a transform never changes a
            // value's length.
            case .lower: value = TextOperations.simpleCased(value, lower: true)
            case .upper: value = TextOperations.simpleCased(value, lower: false)
            case .stripDiacritics:
                value = value.applyingTransform(.stripDiacritics, reverse: false) ?? value
                // Letters that are not "letter + accent" in Unicode and so survive the transform.
                for (from, to) in [
                    ("ß", "ss"), ("ø", "o"), ("Ø", "O"), ("æ", "ae"), ("Æ", "AE"), ("đ", "d"), ("Đ", "D"), ("ł", "l"),
                    ("Ł", "L"), ("œ", "oe"), ("Œ", "OE"),
                ] {
                    value = value.replacingOccurrences(of: from, with: to)
                }
            }
        }
        return value
    }

    /// Converts text to the path's type. Booleans accept true/false, yes/no, 1/0 in any case (issue: any other text is
    /// a row error); strings are kept verbatim so `00123` stays `"00123"`.
    func convert(_ text: String, to type: SCIMSchema.ValueType, dateFormat: String?) throws(Failure) -> JSON {
        switch type {
        case .string:
            return .string(text)
        case .boolean:
            // Foundation's trimmingCharacters bridges to NSString: too slow for a column of every row, so the
            // common case trims ASCII blanks only and Foundation is asked only when that did not give a word.
            let word = TextOperations.trimmedASCIIBlanks(text).lowercased()
            if Self.trueWords.contains(word) { return .bool(true) }
            if Self.falseWords.contains(word) { return .bool(false) }
            let unicodeTrimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
            if Self.trueWords.contains(unicodeTrimmed) { return .bool(true) }
            if Self.falseWords.contains(unicodeTrimmed) { return .bool(false) }
            throw .invalid("\"\(text)\" is not a boolean (use true/false, yes/no or 1/0)")
        case .integer:
            guard let number = Int64(text.trimmingCharacters(in: .whitespaces)) else {
                throw .invalid("\"\(text)\" is not an integer")
            }
            return .number(number)
        case .dateTime:
            return .string(try convertDate(text.trimmingCharacters(in: .whitespaces), format: dateFormat))
        }
    }

    /// Converts a JSON constant or lookup result (numbers in their canonical spelling, `JSON.canonical`) to the
    /// path's type.
    func convert(_ value: JSON, to type: SCIMSchema.ValueType, dateFormat: String?) throws(Failure) -> JSON {
        switch (value, type) {
        case (.string(let text), _): return try convert(text, to: type, dateFormat: dateFormat)
        case (.bool, .boolean), (.null, _): return value
        case (.number, .integer) where value.integerValue != nil: return value
        case (.bool(let flag), .string): return .string(flag ? "true" : "false")
        case (.number(let text), .string): return .string(text)
        case (.number, .boolean) where value.integerValue == 0 || value.integerValue == 1:
            return .bool(value.integerValue == 1)
        default:
            // An integral number that is not an integer here is past 64 bits: no integer attribute holds it.
            throw .invalid(
                "the value \(String(decoding: JSONWriter.encode(value), as: UTF8.self)) is not a \(type.rawValue)")
        }
    }

    private func convertDate(_ text: String, format: String?) throws(Failure) -> String {
        // Dates in the en_US_POSIX locale are ASCII; and corelibs' DateFormatter traps ("Incorrect range CFRange")
        // on some non-ASCII text with weekday patterns, so such a cell would crash the run (found by fuzzing).
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            throw .invalid(
                "\"\(text)\" is not a date: it has non-ASCII characters; dates are read in the en_US_POSIX locale")
        }
        if let format {
            let formatter =
                formatters[format]
                ?? {
                    let formatter = DateFormatter()
                    formatter.locale = Locale(identifier: "en_US_POSIX")
                    formatter.timeZone = TimeZone(identifier: "UTC")
                    formatter.dateFormat = format
                    formatter.isLenient = false
                    formatters[format] = formatter
                    return formatter
                }()
            guard let date = formatter.date(from: text) else {
                throw .invalid("\"\(text)\" does not match the date format \"\(format)\"")
            }
            return isoOut.string(from: date)
        }
        // Without a format: ISO 8601 date or date-time (with Z or an offset), normalised to UTC.
        for pattern in [
            "yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd",
        ] {
            let formatter =
                formatters[pattern]
                ?? {
                    let formatter = DateFormatter()
                    formatter.locale = Locale(identifier: "en_US_POSIX")
                    formatter.timeZone = TimeZone(identifier: "UTC")
                    formatter.dateFormat = pattern
                    formatters[pattern] = formatter
                    return formatter
                }()
            if let date = formatter.date(from: text) { return isoOut.string(from: date) }
        }
        throw .invalid("\"\(text)\" is not an ISO 8601 date; give the mapping a \"format\" such as \"MM/dd/yyyy\"")
    }
}
