import Foundation
import Testing

@testable import Expressions

/// Compiles and evaluates one expression against one row, as a mapping entry would.
enum ExpressionHarness {
    /// 2021-07-02 15:33:38 UTC: the `Now()` of Microsoft's example ("7/2/2021 3:33:38 PM").
    static let now = ExpressionDate(year: 2021, month: 7, day: 2, hour: 15, minute: 33, second: 38)!

    struct CompileFailure: Error, CustomStringConvertible {
        let diagnostics: [ExpressionDiagnostic]
        var description: String { diagnostics.map { "column \($0.column): \($0.message)" }.joined(separator: "; ") }
    }

    static func compile(_ text: String, header: [String]) throws -> CompiledExpression {
        switch ExpressionCompiler.compile(text, columns: ColumnResolver(header: header)) {
        case .success(let (expression, _)): return expression
        case .failure(let diagnostics): throw CompileFailure(diagnostics: diagnostics.all)
        }
    }

    /// The value of `text` for a row given as column → cell (a missing column is not in the header).
    static func evaluate(_ text: String, _ row: [String: String] = [:], now: ExpressionDate = now) throws
        -> ExpressionValue
    {
        let header = row.keys.sorted()
        let expression = try compile(text, header: header)
        let evaluator = ExpressionEvaluator(
            fields: header.map { row[$0]! }, now: now, cache: ExpressionCache(),
            budget: ExpressionBudget(limits: .standard))
        return try evaluator.evaluate(expression.root)
    }

    /// The value as text (nil for null), the form most of Microsoft's examples show.
    static func text(_ text: String, _ row: [String: String] = [:], now: ExpressionDate = now) throws -> String? {
        try evaluate(text, row, now: now).text
    }

    /// The load-time problems of an expression (empty when it compiles).
    static func diagnostics(_ text: String, header: [String] = [], directory: TargetDirectory? = nil)
        -> [ExpressionDiagnostic]
    {
        if case .failure(let diagnostics) = ExpressionCompiler.compile(
            text, columns: ColumnResolver(header: header), directory: directory)
        {
            return diagnostics.all
        }
        return []
    }
}

/// One of Microsoft's examples: an expression, the row it reads, and the documented output.
struct Example: CustomTestStringConvertible, Sendable {
    let expression: String
    let row: [String: String]
    let output: String?

    init(_ expression: String, _ row: [String: String], _ output: String?) {
        self.expression = expression
        self.row = row
        self.output = output
    }

    /// An example that reads no column.
    init(_ expression: String, _ output: String?) {
        self.init(expression, [:], output)
    }

    var testDescription: String { "\(expression) \(row) → \(output ?? "null")" }

    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = try ExpressionHarness.text(expression, row)
        #expect(actual == output, "\(expression) with \(row)", sourceLocation: sourceLocation)
    }
}
