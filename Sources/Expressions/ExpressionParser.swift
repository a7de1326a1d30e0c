/// An expression as written, before names are bound: what the parser produces and the compiler checks.
indirect enum ExpressionSyntax: Sendable, Equatable {
    case string(String, column: Int)
    case number(String, column: Int)
    case attribute(String, column: Int)
    /// A bare name that is not called: `vbTextCompare`, or a function written without its parentheses.
    case name(String, column: Int)
    /// A call; an argument left empty (`Switch([x], , "a", "b")`) is nil.
    case call(String, column: Int, arguments: [ExpressionSyntax?])
    case comparison(ComparisonOperator, ExpressionSyntax, ExpressionSyntax, column: Int)

    var column: Int {
        switch self {
        case .string(_, let column), .number(_, let column), .attribute(_, let column), .name(_, let column),
            .call(_, let column, _), .comparison(_, _, _, let column):
            return column
        }
    }
}

/// Recursive descent over the tokens:
///
/// ```
/// expression := argument END
/// argument   := operand [ ("=" | "<>" | "<" | "<=" | ">" | ">=") operand ]
/// operand    := STRING | NUMBER | "[" column "]" | NAME | NAME "(" [ slot { "," slot } ] ")" | "(" argument ")"
/// slot       := [ argument ]            -- an empty slot is an omitted argument
/// ```
struct ExpressionParser {
    /// Entra's limit for one attribute-mapping expression.
    static let maxLength = 10_000
    /// Deeper nesting is a mistake (or hostile), and the parser and evaluator recurse.
    static let maxDepth = 64

    private let tokens: [ExpressionToken]
    private var position = 0
    private var depth = 0

    static func parse(_ text: String) throws(ExpressionDiagnostic) -> ExpressionSyntax {
        guard text.count <= maxLength else {
            throw ExpressionDiagnostic(
                column: maxLength + 1, message: "the expression has \(text.count) characters; Entra allows \(maxLength)"
            )
        }
        var parser = ExpressionParser(tokens: try ExpressionLexer(text).tokens())
        guard parser.current.kind != .end else {
            throw ExpressionDiagnostic(column: 1, message: "the expression is empty")
        }
        let syntax = try parser.argument()
        guard parser.current.kind == .end else {
            throw ExpressionDiagnostic(
                column: parser.current.column, message: parser.unexpected("after a complete expression"))
        }
        return syntax
    }

    private init(tokens: [ExpressionToken]) { self.tokens = tokens }

    private var current: ExpressionToken { tokens[position] }

    private mutating func argument() throws(ExpressionDiagnostic) -> ExpressionSyntax {
        let left = try operand()
        guard case .comparison(let op) = current.kind else { return left }
        let column = current.column
        position += 1
        let right = try operand()
        if case .comparison = current.kind {
            throw ExpressionDiagnostic(
                column: current.column, message: "comparisons cannot be chained; nest IIF for 'and'/'or'")
        }
        return .comparison(op, left, right, column: column)
    }

    private mutating func operand() throws(ExpressionDiagnostic) -> ExpressionSyntax {
        let token = current
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw ExpressionDiagnostic(column: token.column, message: "nested more than \(Self.maxDepth) levels deep")
        }
        switch token.kind {
        case .string(let text):
            position += 1
            return .string(text, column: token.column)
        case .number(let text):
            position += 1
            return .number(text, column: token.column)
        case .column(let name):
            position += 1
            return .attribute(name, column: token.column)
        case .identifier(let name):
            position += 1
            guard current.kind == .leftParenthesis else { return .name(name, column: token.column) }
            position += 1
            return .call(name, column: token.column, arguments: try arguments())
        case .leftParenthesis:
            position += 1
            let inner = try argument()
            guard current.kind == .rightParenthesis else {
                throw ExpressionDiagnostic(
                    column: current.column, message: unexpected("where ')' closes the '(' at column \(token.column)"))
            }
            position += 1
            return inner
        default:
            throw ExpressionDiagnostic(column: token.column, message: unexpected("where a value was expected"))
        }
    }

    /// After the '(': the slots up to and including the ')'.
    private mutating func arguments() throws(ExpressionDiagnostic) -> [ExpressionSyntax?] {
        let open = tokens[position - 1].column
        if current.kind == .rightParenthesis {
            position += 1
            return []
        }
        var slots: [ExpressionSyntax?] = []
        while true {
            if current.kind == .comma || current.kind == .rightParenthesis {
                slots.append(nil)
            } else {
                slots.append(try argument())
            }
            switch current.kind {
            case .comma:
                position += 1
            case .rightParenthesis:
                position += 1
                return slots
            case .end:
                throw ExpressionDiagnostic(column: current.column, message: "the '(' at column \(open) is never closed")
            default:
                throw ExpressionDiagnostic(column: current.column, message: unexpected("where ',' or ')' was expected"))
            }
        }
    }

    private func unexpected(_ context: String) -> String {
        if case .identifier(let name) = current.kind, let hint = Self.logicHint(name) { return hint }
        return "unexpected \(describe(current.kind)) \(context)"
    }

    /// The language has no `and`/`or` operators (nor functions): conditions are combined by nesting IIF.
    static func logicHint(_ word: String) -> String? {
        switch word.lowercased() {
        case "and", "andalso", "&&":
            return "Entra's expressions have no '\(word)': nest IIF instead, IIF(first, IIF(second, yes, no), no) for "
                + "'first and second'"
        case "or", "orelse", "||", "|":
            return "Entra's expressions have no '\(word)': nest IIF instead, IIF(first, yes, IIF(second, yes, no)) for "
                + "'first or second'"
        default: return nil
        }
    }

    private func describe(_ kind: ExpressionToken.Kind) -> String {
        switch kind {
        case .identifier(let name): return "name '\(name)'"
        case .string(let text): return "string \"\(text.count > 20 ? text.prefix(20) + "…" : Substring(text))\""
        case .number(let text): return "number \(text)"
        case .column(let name): return "[\(name)]"
        case .leftParenthesis: return "'('"
        case .rightParenthesis: return "')'"
        case .comma: return "','"
        case .comparison(let op): return "'\(op.rawValue)'"
        case .end: return "end of the expression"
        }
    }
}
