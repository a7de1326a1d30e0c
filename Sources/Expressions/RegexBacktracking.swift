/// Regular expressions that can take exponential time on some input: a group repeated without bound that itself
/// holds a repetition without bound (`(x+x+)+y` takes 45 s on 60 x's; `(a*)*`, `(?:\s*,)+`). The regex engine
/// tries every way of sharing the text between the inner and the outer repetition before it gives up.
///
/// Recognised when the mapping is loaded (and for a pattern taken from a row, before it runs). What it cannot see
/// (overlapping alternatives such as `(a|a)+`) is stopped by the row's time limit (`ExpressionLimits`).
enum RegexBacktracking {
    /// A bounded repetition above this many counts as unbounded (`(a+){1,50}` backtracks almost as badly).
    static let repetitionsCountedAsUnbounded = 10

    /// The first such group with its quantifier, as written (`(x+x+)+`); nil when there is none. Possessive
    /// quantifiers (`x++`, `x*+`) and atomic groups (`(?>…)`) give nothing back, so they do not count.
    static func nestedRepetition(in pattern: String) -> String? {
        let scalars = Array(pattern.unicodeScalars)
        var scanner = Scanner(scalars: scalars)
        return scanner.scan().map { String(String.UnicodeScalarView(scalars[$0])) }
    }

    /// The error for a pattern with a nested repetition, naming it and the way out.
    static func message(pattern: String, nested: String) -> String {
        "regexPattern \"\(pattern)\" repeats \(nested), a group that itself repeats without bound: matching it can "
            + "take exponential time (catastrophic backtracking). Make the inner repetition possessive (x++, x*+) "
            + "or the group atomic ((?>…)), or rewrite it without the nesting"
    }

    private struct Frame {
        let start: Int
        let atomic: Bool
        /// Something inside repeats without bound (and can give characters back).
        var repeats = false
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        var stack = [Frame(start: -1, atomic: false)]

        init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

        func at(_ offset: Int) -> Unicode.Scalar? { offset < scalars.count ? scalars[offset] : nil }

        /// The range of the first nested repetition, or nil.
        mutating func scan() -> Range<Int>? {
            while index < scalars.count {
                var atomStart = index
                var innerRepeats = false
                switch scalars[index] {
                case "\\":
                    skipEscape()
                case "[":
                    skipClass()
                case "(":
                    if at(index + 1) == "?", at(index + 2) == "#" {
                        while index < scalars.count, scalars[index] != ")" { index += 1 }
                        index += 1
                        continue
                    }
                    stack.append(Frame(start: index, atomic: at(index + 1) == "?" && at(index + 2) == ">"))
                    index += 1
                    continue
                case ")" where stack.count > 1:
                    let frame = stack.removeLast()
                    innerRepeats = frame.repeats && !frame.atomic
                    atomStart = frame.start
                    index += 1
                case "|", "^", "$", ")":
                    index += 1
                    continue
                default:
                    index += 1
                }
                guard let quantifier = readQuantifier() else {
                    if innerRepeats { stack[stack.count - 1].repeats = true }
                    continue
                }
                if quantifier.unbounded && !quantifier.possessive {
                    if innerRepeats { return atomStart..<min(index, scalars.count) }
                    stack[stack.count - 1].repeats = true
                } else if innerRepeats && !quantifier.possessive {
                    stack[stack.count - 1].repeats = true
                }
            }
            return nil
        }

        /// `\x`, `\p{…}`, `\x{…}`, `\N{…}` and `\Q…\E`.
        mutating func skipEscape() {
            let next = at(index + 1)
            if next == "Q" {
                index += 2
                while index < scalars.count, !(scalars[index] == "\\" && at(index + 1) == "E") { index += 1 }
                index += 2
                return
            }
            index += 2
            if let next, "pPxN".unicodeScalars.contains(next), at(index) == "{" {
                while index < scalars.count, scalars[index] != "}" { index += 1 }
                index += 1
            }
        }

        /// `[…]`, with nested sets (`[[a-z]&&[^aeiou]]`), escapes, and `]` first being literal.
        mutating func skipClass() {
            index += 1
            if at(index) == "^" { index += 1 }
            if at(index) == "]" { index += 1 }
            var depth = 1
            while index < scalars.count, depth > 0 {
                switch scalars[index] {
                case "\\": index += 1
                case "[": depth += 1
                case "]": depth -= 1
                default: break
                }
                index += 1
            }
        }

        /// `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` at `index`, with a possessive `+` or lazy `?` after it.
        mutating func readQuantifier() -> (unbounded: Bool, possessive: Bool)? {
            guard let first = at(index) else { return nil }
            var unbounded: Bool
            switch first {
            case "*", "+":
                unbounded = true
                index += 1
            case "?":
                unbounded = false
                index += 1
            case "{":
                var position = index + 1
                guard let least = digits(at: &position) else { return nil }
                var most: Int? = least
                if at(position) == "," {
                    position += 1
                    most = digits(at: &position)
                }
                guard at(position) == "}" else { return nil }
                index = position + 1
                unbounded = most.map { $0 > RegexBacktracking.repetitionsCountedAsUnbounded } ?? true
            default:
                return nil
            }
            let possessive = at(index) == "+"
            if possessive || at(index) == "?" { index += 1 }
            return (unbounded, possessive)
        }

        /// The ASCII digits at `position` as a number (moving past them); nil when there are none.
        func digits(at position: inout Int) -> Int? {
            var number: Int?
            while let scalar = at(position), ("0"..."9").contains(scalar) {
                number = min((number ?? 0) * 10 + Int(scalar.value - 48), 1_000_000)
                position += 1
            }
            return number
        }
    }
}
