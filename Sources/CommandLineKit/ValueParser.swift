import Foundation

/// Parses and checks an option's value, with the one message every place the value can come from gives.
package struct ValueParser<Value: Sendable>: Sendable {
    package let parse: @Sendable (String) throws(InvalidValue) -> Value

    package init(_ parse: @escaping @Sendable (String) throws(InvalidValue) -> Value) { self.parse = parse }

    /// A value that `make` gives, or the `reason` it is refused for (e.g. "takes 'report' or 'disable', not 'x'").
    package static func converting(
        _ make: @escaping @Sendable (String) -> Value?, else reason: @escaping @Sendable (String) -> String
    ) -> ValueParser {
        ValueParser { text throws(InvalidValue) in
            guard let value = make(text) else { throw InvalidValue(reason(text)) }
            return value
        }
    }
}

extension ValueParser where Value == String {
    /// Any text (a path, a URL, an id): checked where it is used.
    package static var text: ValueParser<String> { ValueParser { $0 } }
}

extension ValueParser where Value == Int {
    /// A whole number in `range`.
    package static func integer(in range: ClosedRange<Int>) -> ValueParser<Int> {
        ValueParser { text throws(InvalidValue) in
            guard let number = Int(text), range.contains(number) else {
                let bounds =
                    range.upperBound == Int.max
                    ? "of \(range.lowerBound) or more" : "from \(range.lowerBound) to \(range.upperBound)"
                throw InvalidValue("takes a whole number \(bounds), not \"\(text)\"")
            }
            return number
        }
    }
}

extension ValueParser where Value == Double {
    /// A duration as operators write them (`90`, `90s`, `1.5s`, `500ms`, `10m`, `2h`), in seconds, at least
    /// `minimum`.
    package static func duration(atLeast minimum: Double = 0) -> ValueParser<Double> {
        ValueParser { text throws(InvalidValue) in
            guard let seconds = DurationParser.seconds(text), seconds >= minimum else {
                throw InvalidValue(
                    "\"\(text)\" is not a duration such as 90s, 15m or 600"
                        + (minimum > 0 ? " (at least \(Int(minimum))s)" : ""))
            }
            return seconds
        }
    }
}
