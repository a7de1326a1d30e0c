import Basics
import Foundation

/// Binds a parsed expression to the header and the function library, once per mapping entry: unknown columns and
/// functions get a "did you mean", argument counts and literal arguments (numbers, intervals, date formats, regular
/// expressions, cultures) are checked, and what literals allow is prepared. Every problem found is reported, not
/// just the first.
package struct ExpressionCompiler {
    let columns: ColumnResolver
    /// Where the job provisions to, when known (the advice for functions only the service evaluates depends on it).
    var directory: TargetDirectory?
    private(set) var diagnostics: [ExpressionDiagnostic] = []
    private(set) var columnNames: [String] = []
    /// Columns of `Now()` calls that are not an argument of DateDiff (their value changes from run to run).
    private(set) var nowColumns: [Int] = []

    init(columns: ColumnResolver) { self.columns = columns }

    package struct Diagnostics: Error, Sendable { package let all: [ExpressionDiagnostic] }

    /// The compiled expression (and where it calls `Now()` to no purpose), or every problem found in it.
    package static func compile(_ text: String, columns: ColumnResolver, directory: TargetDirectory? = nil)
        -> Result<(CompiledExpression, nowColumns: [Int]), Diagnostics>
    {
        let syntax: ExpressionSyntax
        do {
            syntax = try ExpressionParser.parse(text)
        } catch {
            return .failure(Diagnostics(all: [error]))
        }
        var compiler = ExpressionCompiler(columns: columns)
        compiler.directory = directory
        let root = compiler.bind(syntax, topLevel: true, insideDateDiff: false)
        guard compiler.diagnostics.isEmpty else { return .failure(Diagnostics(all: compiler.diagnostics)) }
        let expression = CompiledExpression(
            text: text, root: root, resultType: Self.resultType(of: root), columnNames: compiler.columnNames)
        return .success((expression, compiler.nowColumns))
    }

    mutating func report(_ column: Int, _ message: String) {
        diagnostics.append(ExpressionDiagnostic(column: column, message: message))
    }

    private mutating func bind(_ syntax: ExpressionSyntax, topLevel: Bool, insideDateDiff: Bool) -> ExpressionNode {
        switch syntax {
        case .string(let text, _):
            return .constant(.text(text))
        case .number(let text, let column):
            if let value = Self.number(text) { return .constant(value) }
            report(column, "\(text) is too large a number")
            return .constant(.null)
        case .attribute(let name, let column):
            switch columns.index(of: name, quoted: "[\(name)]") {
            case .success(let index):
                if !columnNames.contains(name) { columnNames.append(name) }
                return .column(index: index)
            case .failure(let miss):
                diagnostics.append(
                    ExpressionDiagnostic(
                        column: column, message: miss.message, missingColumn: (name, miss.suggestion)))
                return .constant(.null)
            }
        case .name(let name, let column):
            if let value = ExpressionFunction.vbConstants[name] { return .constant(.integer(value)) }
            if ExpressionFunction(rawValue: name) != nil || ExpressionFunction.notAvailable[name] != nil {
                report(column, "\(name) is a function: write \(name)(…)")
            } else {
                let known = Array(ExpressionFunction.vbConstants.keys) + ExpressionFunction.allCases.map(\.rawValue)
                let hint = ClosestMatch.find(name, in: known).map { "; did you mean `\($0)`?" } ?? ""
                report(column, "unknown name '\(name)'\(hint) (text is written in double quotes, columns in [ ])")
            }
            return .constant(.null)
        case .comparison(let op, let left, let right, _):
            return .compare(
                ExpressionComparison(
                    op, bind(left, topLevel: false, insideDateDiff: false),
                    bind(right, topLevel: false, insideDateDiff: false)))
        case .call(let name, let column, let arguments):
            return bindCall(
                name, column: column, arguments: arguments, topLevel: topLevel, insideDateDiff: insideDateDiff)
        }
    }

    static func number(_ text: String) -> ExpressionValue? {
        if text.hasPrefix("&") { return UInt64(text.dropFirst(2), radix: 16).map { .integer(Int64(bitPattern: $0)) } }
        if let integer = Int64(text) { return .integer(integer) }
        guard let decimal = Double(text), decimal.isFinite else { return nil }
        return .decimal(decimal)
    }

    private mutating func bindCall(
        _ name: String, column: Int, arguments: [ExpressionSyntax?], topLevel: Bool, insideDateDiff: Bool
    ) -> ExpressionNode {
        guard let function = ExpressionFunction(rawValue: name) else {
            if let reason = ExpressionFunction.notAvailable[name] {
                report(column, "\(name) is not available client-side: \(reason)")
            } else if let hint = ExpressionFunction.notInLanguage[name] {
                report(column, "Entra's expression language has no \(name); \(hint)")
            } else {
                let names = ExpressionFunction.allCases.map(\.rawValue)
                if let sameLetters = names.first(where: { $0.lowercased() == name.lowercased() }) {
                    report(
                        column,
                        "unknown function '\(name)'; did you mean `\(sameLetters)`? (function names are case-sensitive)"
                    )
                } else {
                    let hint = ClosestMatch.find(name, in: names).map { "; did you mean `\($0)`?" } ?? ""
                    report(column, "unknown function '\(name)'\(hint)")
                }
            }
            // A typo's arguments are still checked; an unavailable function's are about the directory, not the file.
            if ExpressionFunction.notAvailable[name] == nil {
                for case let argument? in arguments { _ = bind(argument, topLevel: false, insideDateDiff: false) }
            }
            return .constant(.null)
        }
        if function == .ignoreFlowIfNullOrEmpty, !topLevel {
            report(
                column,
                "IgnoreFlowIfNullOrEmpty decides whether the attribute is sent, so it must wrap the whole "
                    + "expression: IgnoreFlowIfNullOrEmpty(IIF(…))")
        }
        if function == .selectUniqueValue {
            if directory == .activeDirectory {
                report(
                    column,
                    "SelectUniqueValue is not available client-side: \(ExpressionFunction.selectUniqueValueForAD)")
            } else if !topLevel {
                report(
                    column,
                    "SelectUniqueValue picks the attribute's value, so it must be the whole expression, not inside "
                        + "another function (as in Entra): SelectUniqueValue(candidate1, candidate2, …)")
            }
        }
        if function == .now, !insideDateDiff { nowColumns.append(column) }
        if function == .formatDateTime, arguments.count == 3 {
            // Its second parameter, dateTimeStyles, is optional but positional: three arguments read the input
            // format as styles.
            report(
                column,
                "FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat) takes 4 arguments (got 3); "
                    + "leave the second argument empty for none: FormatDateTime(source, , inputFormat, outputFormat)")
            for case let argument? in arguments { _ = bind(argument, topLevel: false, insideDateDiff: false) }
            return .constant(.null)
        }
        checkCount(function, column: column, count: arguments.count)
        let parameters = function.info.parameters
        var nodes: [ExpressionNode] = []
        var written: [Bool] = []
        var prepared = ExpressionCall.Prepared()
        for (index, slot) in arguments.enumerated() {
            // Past the last parameter: the repeating one, or (for too many arguments, reported above) any value.
            let parameter =
                index < parameters.count
                ? parameters[index] : parameters.last ?? ExpressionFunction.Parameter(name: "argument", kind: .any)
            guard let slot else {
                if !parameter.optional, function != .switchCase || index < 2 {
                    report(column, "\(function.rawValue): \(parameter.name) (argument \(index + 1)) is required")
                }
                nodes.append(.constant(.null))
                written.append(false)
                continue
            }
            let node = bind(slot, topLevel: false, insideDateDiff: function == .dateDiff)
            check(node, as: parameter, of: function, at: slot.column, into: &prepared)
            nodes.append(node)
            written.append(true)
        }
        if function == .replace { prepareReplace(column: column, written: written, nodes: nodes, into: &prepared) }
        return .call(
            ExpressionCall(function: function, arguments: nodes, written: written, column: column, prepared: prepared))
    }

    private mutating func checkCount(_ function: ExpressionFunction, column: Int, count: Int) {
        let parameters = function.info.parameters
        let required = parameters.filter { !$0.optional && !$0.repeating }.count
        let unlimited = parameters.last?.repeating == true
        let say = "\(function.signature) takes"
        switch function {
        case .switchCase:
            if count < 4 || count % 2 != 0 {
                report(
                    column,
                    "\(say) the source, a default, then key and value pairs: an even number of arguments, "
                        + "at least 4 (got \(count))")
            }
        case .join where count < 2:
            report(column, "\(say) a separator and at least one source (got \(count) argument\(count == 1 ? "" : "s"))")
        case .coalesce where count < 1:
            report(column, "\(say) at least one argument")
        case .selectUniqueValue where count < 2:
            report(column, "\(say) at least two candidates, tried in order (got \(count))")
        default:
            if count < required || (!unlimited && count > parameters.count) {
                let range = required == parameters.count ? "\(required)" : "\(required) to \(parameters.count)"
                report(
                    column,
                    "\(say) \(unlimited ? "at least \(required)" : range) argument\(range == "1" ? "" : "s") "
                        + "(got \(count))")
            }
        }
    }
}
