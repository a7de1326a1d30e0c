import Foundation

/// A mapping expression compiled once, when the mapping is loaded: names bound to column indices and functions,
/// literal patterns and formats prepared. Evaluated per row without re-parsing.
package final class CompiledExpression: Sendable {
    /// The expression as written in the mapping file.
    package let text: String
    /// The columns it reads, in order of first use (for problem messages).
    package let columnNames: [String]
    let root: ExpressionNode
    /// What the expression gives, as far as it can be known without a row.
    package let resultType: ExpressionFunction.ResultType

    init(text: String, root: ExpressionNode, resultType: ExpressionFunction.ResultType, columnNames: [String]) {
        self.text = text
        self.root = root
        self.resultType = resultType
        self.columnNames = columnNames
    }

    /// The expression's value for one row's `fields`, within the row's `budget`.
    package func evaluate(
        fields: [String], now: ExpressionDate, cache: ExpressionCache, budget: ExpressionBudget
    ) throws(ExpressionFailure) -> ExpressionValue {
        try ExpressionEvaluator(fields: fields, now: now, cache: cache, budget: budget).evaluate(root)
    }

    /// Every text the expression can give, when it gives only literals (`IIF(…, "Yes", "No")`); nil otherwise.
    package var possibleTexts: [String]? { ExpressionCompiler.possibleTexts(of: root) }

    /// Whether the expression is `SelectUniqueValue(candidate1, candidate2, …)`: its value is chosen among its
    /// candidates once every record is known (`candidates(fields:…)`); evaluated on its own it gives the first
    /// candidate that is not empty.
    package var selectsUniqueValue: Bool {
        if case .call(let call) = root, call.function == .selectUniqueValue { return true }
        return false
    }

    /// For `SelectUniqueValue(…)`, each candidate's value for one row, in order (nil for any other expression).
    package func candidates(
        fields: [String], now: ExpressionDate, cache: ExpressionCache, budget: ExpressionBudget
    ) throws(ExpressionFailure) -> [ExpressionValue]? {
        guard case .call(let call) = root, call.function == .selectUniqueValue else { return nil }
        let evaluator = ExpressionEvaluator(fields: fields, now: now, cache: cache, budget: budget)
        var values: [ExpressionValue] = []
        for argument in call.arguments { values.append(try evaluator.evaluate(argument)) }
        return values
    }
}

/// A node of a compiled expression. Not `indirect`: the recursive cases hold a class, so walking the tree per row
/// does not box and unbox each node.
enum ExpressionNode: Sendable {
    case constant(ExpressionValue)
    case column(index: Int)
    case call(ExpressionCall)
    case compare(ExpressionComparison)
}

/// `left op right`.
final class ExpressionComparison: Sendable {
    let op: ComparisonOperator
    let left: ExpressionNode
    let right: ExpressionNode

    init(_ op: ComparisonOperator, _ left: ExpressionNode, _ right: ExpressionNode) {
        self.op = op
        self.left = left
        self.right = right
    }
}

/// A function call with its arguments (one per slot written; an empty slot is a null constant) and what could be
/// prepared from literal arguments when the mapping was loaded.
final class ExpressionCall: Sendable {
    let function: ExpressionFunction
    let arguments: [ExpressionNode]
    /// Which slots were written (an empty slot and a missing trailing one are both false): Replace's mode.
    let written: [Bool]
    /// 1-based column of the function name.
    let column: Int
    let prepared: Prepared

    struct Prepared: Sendable {
        var regex: NSRegularExpression?
        var groupNames: Set<String> = []
        var inputFormat: DotNetDateFormat?
        var outputFormat: DotNetDateFormat?
        var styles: DotNetDateFormat.Styles?
        var interval: String?
        var locale: Locale?
        var replaceMode: ReplaceMode?
    }

    init(function: ExpressionFunction, arguments: [ExpressionNode], written: [Bool], column: Int, prepared: Prepared) {
        self.function = function
        self.arguments = arguments
        self.written = written
        self.column = column
        self.prepared = prepared
    }

    func isWritten(_ index: Int) -> Bool { index < written.count && written[index] }
}

/// An error while evaluating one row: the function's column and what went wrong. It becomes a row error.
package struct ExpressionFailure: Error, Sendable {
    package let column: Int
    package let message: String
}

/// Patterns and formats that are only known per row, compiled once each. One per `RecordMapper` (not shared).
package final class ExpressionCache {
    package init() {}
    var regexes: [String: NSRegularExpression] = [:]
    var formats: [String: DotNetDateFormat] = [:]
}

/// Evaluates compiled expressions against one row's fields, within the row's `ExpressionBudget`.
struct ExpressionEvaluator {
    let fields: [String]
    let now: ExpressionDate
    let cache: ExpressionCache
    let budget: ExpressionBudget

    func evaluate(_ node: ExpressionNode) throws(ExpressionFailure) -> ExpressionValue {
        switch node {
        case .constant(let value):
            return value
        case .column(let index):
            guard index < fields.count else { return .null }
            let cell = fields[index]
            return TextOperations.isBlank(cell) ? .null : .text(cell)
        case .call(let call):
            // Every function's value is within the limits: the size first (what it built on the way is capped
            // where it could grow), then the row's time, counted by the bytes of the larger values (small ones are
            // cheap to make and bounded by the mapping, so an ordinary row never touches the budget).
            let value = try evaluate(call)
            let size = value.byteCount
            if size > budget.limits.maxValueBytes { throw fail(call, budget.sizeMessage("its value")) }
            if size >= 4096, !budget.charge(bytes: size) { throw fail(call, budget.timeMessage) }
            return value
        case .compare(let comparison):
            return .boolean(Self.compare(comparison.op, try evaluate(comparison.left), try evaluate(comparison.right)))
        }
    }

    private func evaluate(_ call: ExpressionCall) throws(ExpressionFailure) -> ExpressionValue {
        switch call.function {
        case .iif, .switchCase, .coalesce, .ignoreFlowIfNullOrEmpty, .not, .cBool, .isNull, .isNullOrEmpty,
            .isPresent, .isString, .bitAnd, .selectUniqueValue:
            return try logic(call)
        case .cDate, .dateAdd, .dateDiff, .dateFromNum, .formatDateTime, .now, .numFromDate:
            return try dates(call)
        case .count, .item, .removeDuplicates, .split, .join:
            return try lists(call)
        case .replace:
            return try replace(call)
        case .append, .convertToBase64, .convertToUTF8Hex, .cStr, .inStr, .left, .len, .mid, .normalizeDiacritics,
            .pCase, .stripSpaces, .toLower, .toUpper, .trim, .word:
            return try text(call)
        }
    }

    /// Dates compare as dates; a number (a literal such as `5`, or a function's result) with a number or numeric
    /// text compares as numbers; anything else as text, case-sensitive and ordinal, a null side counting as empty
    /// text (so two cells "007" and "7" differ, but `[Age] > 30` is numeric).
    static func compare(_ op: ComparisonOperator, _ left: ExpressionValue, _ right: ExpressionValue) -> Bool {
        let order: Int
        if case .date(let a) = left, case .date(let b) = right {
            order = a < b ? -1 : a == b ? 0 : 1
        } else if left.isNumber || right.isNumber, let a = left.number, let b = right.number {
            order = a < b ? -1 : a == b ? 0 : 1
        } else {
            // Ordinal, byte by byte: String's == would call "é" and "e\u{301}" equal, .NET's comparison does not.
            let a = left.text ?? ""
            let b = right.text ?? ""
            order = a.utf8.elementsEqual(b.utf8) ? 0 : a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
        }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        }
    }

    // MARK: Arguments

    func argument(_ call: ExpressionCall, _ index: Int) throws(ExpressionFailure) -> ExpressionValue {
        index < call.arguments.count ? try evaluate(call.arguments[index]) : .null
    }

    func fail(_ call: ExpressionCall, _ message: String) -> ExpressionFailure {
        ExpressionFailure(column: call.column, message: "\(call.function.rawValue): \(message)")
    }

    private func parameterName(_ call: ExpressionCall, _ index: Int) -> String {
        let parameters = call.function.info.parameters
        return index < parameters.count ? parameters[index].name : parameters.last?.name ?? "argument \(index + 1)"
    }

    /// Text of an argument; nil for null. A list where one value is expected is an error.
    func text(_ call: ExpressionCall, _ index: Int) throws(ExpressionFailure) -> String? {
        let value = try argument(call, index)
        if case .list = value {
            throw fail(call, "\(parameterName(call, index)) has several values; pick one with Item or Join them")
        }
        return value.text
    }

    /// A whole-number argument; nil for null.
    func integer(_ call: ExpressionCall, _ index: Int) throws(ExpressionFailure) -> Int64? {
        let value = try argument(call, index)
        if value.isNull { return nil }
        guard let number = value.integer else {
            throw fail(call, "\(parameterName(call, index)) is \(value.quoted), not a whole number")
        }
        return number
    }

    /// A date argument: a date, or text read as `CDate` reads it; nil for null.
    func date(_ call: ExpressionCall, _ index: Int) throws(ExpressionFailure) -> ExpressionDate? {
        let value = try argument(call, index)
        switch value {
        case .null, .ignored: return nil
        case .date(let date): return date
        case .text(let text):
            guard let date = Self.parseDate(text, today: now) else {
                throw fail(call, "\(parameterName(call, index)) \(value.quoted) is not a date")
            }
            return date
        default:
            throw fail(call, "\(parameterName(call, index)) is \(value.quoted), not a date")
        }
    }
}
