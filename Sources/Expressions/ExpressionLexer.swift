/// A problem in an expression found while loading the mapping: where (1-based character column) and what.
package struct ExpressionDiagnostic: Error, Sendable, Equatable {
    package let column: Int
    package let message: String
    /// Set when the problem is a column the header lacks (`[Name]`), with the closest header name.
    package var missingColumn: (name: String, suggestion: String?)?

    init(column: Int, message: String, missingColumn: (name: String, suggestion: String?)? = nil) {
        self.column = column
        self.message = message
        self.missingColumn = missingColumn
    }

    package static func == (left: Self, right: Self) -> Bool {
        left.column == right.column && left.message == right.message
            && left.missingColumn?.name == right.missingColumn?.name
            && left.missingColumn?.suggestion == right.missingColumn?.suggestion
    }
}

/// The comparison operators Entra allows in a condition: `=`, `<>`, `<`, `<=`, `>`, `>=`.
enum ComparisonOperator: String, Sendable, Equatable {
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// A token of the attribute-mapping expression language, with the 1-based column where it starts.
struct ExpressionToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A function name, or a constant such as `vbTextCompare`.
        case identifier(String)
        /// A string literal, unescaped.
        case string(String)
        /// A number as written: `12`, `-10`, `1.5`, `&HF7`.
        case number(String)
        /// `[Column Name]`: the name between the brackets.
        case column(String)
        case leftParenthesis, rightParenthesis, comma
        case comparison(ComparisonOperator)
        case end
    }

    let kind: Kind
    let column: Int
}

/// Splits an expression into tokens. Strings are in double quotes; `\"` is a quote and `\\` a backslash (Entra's
/// escaping); any other backslash is kept as written, so a regular expression such as `"\d+"` reads as it would in
/// Entra with `"\\d+"`.
struct ExpressionLexer {
    let characters: [Character]

    init(_ text: String) { characters = Array(text) }

    func tokens() throws(ExpressionDiagnostic) -> [ExpressionToken] {
        var tokens: [ExpressionToken] = []
        var index = 0
        while true {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            guard index < characters.count else {
                tokens.append(ExpressionToken(kind: .end, column: characters.count + 1))
                return tokens
            }
            let start = index
            let character = characters[index]
            let kind: ExpressionToken.Kind
            switch character {
            case "(":
                kind = .leftParenthesis
                index += 1
            case ")":
                kind = .rightParenthesis
                index += 1
            case ",":
                kind = .comma
                index += 1
            case "\"": kind = .string(try string(from: &index))
            case "[":
                guard let close = characters[(index + 1)...].firstIndex(of: "]") else {
                    throw ExpressionDiagnostic(
                        column: start + 1, message: "'[' opens a column name that is never closed with ']'")
                }
                let name = String(characters[(index + 1)..<close])
                guard !name.isEmpty else {
                    throw ExpressionDiagnostic(column: start + 1, message: "'[]' names no column")
                }
                kind = .column(name)
                index = close + 1
            case "=", "<", ">", "!":
                kind = .comparison(try comparison(from: &index))
            case "&" where index + 1 < characters.count && characters[index + 1] == "&":
                throw ExpressionDiagnostic(column: start + 1, message: ExpressionParser.logicHint("&&")!)
            case "|":
                let word = index + 1 < characters.count && characters[index + 1] == "|" ? "||" : "|"
                throw ExpressionDiagnostic(column: start + 1, message: ExpressionParser.logicHint(word)!)
            case "&":
                kind = .number(try hexNumber(from: &index))
            case "-", "0"..."9":
                kind = .number(try decimalNumber(from: &index))
            default:
                guard character.isLetter || character == "_" else {
                    throw ExpressionDiagnostic(column: start + 1, message: unexpected(character))
                }
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
                {
                    index += 1
                }
                kind = .identifier(String(characters[start..<index]))
            }
            tokens.append(ExpressionToken(kind: kind, column: start + 1))
        }
    }

    private func unexpected(_ character: Character) -> String {
        switch character {
        case "'": return "strings are written in double quotes, not '"
        case "+", "*", "/", "&":
            return "'\(character)' is not an operator in this language; join text with Join or Append"
        case "]": return "']' without an opening '['"
        case ";": return "arguments are separated by ',', not ';'"
        default: return "unexpected character '\(character)'"
        }
    }

    private func string(from index: inout Int) throws(ExpressionDiagnostic) -> String {
        let start = index
        index += 1
        var text = ""
        while index < characters.count {
            let character = characters[index]
            if character == "\"" {
                index += 1
                return text
            }
            if character == "\\", index + 1 < characters.count,
                characters[index + 1] == "\"" || characters[index + 1] == "\\"
            {
                text.append(characters[index + 1])
                index += 2
                continue
            }
            text.append(character)
            index += 1
        }
        throw ExpressionDiagnostic(
            column: start + 1, message: "the string that starts here is never closed with '\"' (write \\\" for a quote)"
        )
    }

    private func comparison(from index: inout Int) throws(ExpressionDiagnostic) -> ComparisonOperator {
        let start = index
        let first = characters[index]
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        index += 1
        switch (first, next) {
        case ("=", "="):
            throw ExpressionDiagnostic(column: start + 1, message: "'==' is not an operator; compare with '='")
        case ("!", "="):
            throw ExpressionDiagnostic(column: start + 1, message: "'!=' is not an operator; 'not equal' is '<>'")
        case ("!", _):
            throw ExpressionDiagnostic(column: start + 1, message: "'!' is not an operator; use Not(…)")
        case ("<", ">"):
            index += 1
            return .notEqual
        case ("<", "="):
            index += 1
            return .lessOrEqual
        case (">", "="):
            index += 1
            return .greaterOrEqual
        case ("<", _): return .less
        case (">", _): return .greater
        default: return .equal
        }
    }

    /// `&HF7`, VBA's hexadecimal notation (Microsoft's BitAnd example uses it).
    private func hexNumber(from index: inout Int) throws(ExpressionDiagnostic) -> String {
        let start = index
        guard index + 1 < characters.count, characters[index + 1] == "H" || characters[index + 1] == "h" else {
            throw ExpressionDiagnostic(column: start + 1, message: unexpected("&"))
        }
        index += 2
        let digitsStart = index
        while index < characters.count, characters[index].isHexDigit { index += 1 }
        guard index > digitsStart, index - digitsStart <= 16 else {
            throw ExpressionDiagnostic(
                column: start + 1, message: "'&H' must be followed by 1 to 16 hexadecimal digits")
        }
        return String(characters[start..<index])
    }

    private func decimalNumber(from index: inout Int) throws(ExpressionDiagnostic) -> String {
        let start = index
        if characters[index] == "-" { index += 1 }
        let digitsStart = index
        while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
        guard index > digitsStart else {
            throw ExpressionDiagnostic(
                column: start + 1, message: "'-' is not an operator in this language; only a number may start with '-'")
        }
        if index + 1 < characters.count, characters[index] == ".", characters[index + 1].isASCII,
            characters[index + 1].isNumber
        {
            index += 1
            while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
        }
        if index < characters.count, characters[index].isLetter {
            throw ExpressionDiagnostic(column: start + 1, message: "a number runs into letters here")
        }
        return String(characters[start..<index])
    }
}
