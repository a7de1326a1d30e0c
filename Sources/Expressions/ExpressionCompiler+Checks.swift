import Basics
import Foundation

/// Checks of literal arguments and the static types of compiled nodes.
extension ExpressionCompiler {
    /// A fixed date for checking literal dates (a literal's validity does not depend on today).
    private static let checkDay = ExpressionDate(year: 2000, month: 1, day: 1)!

    mutating func check(
        _ node: ExpressionNode, as parameter: ExpressionFunction.Parameter, of function: ExpressionFunction,
        at column: Int, into prepared: inout ExpressionCall.Prepared
    ) {
        let say = "\(function.rawValue): \(parameter.name)"
        let type = Self.resultType(of: node)
        if type == .list, ![.multi, .any].contains(parameter.kind) || function == .iif || function == .switchCase {
            report(column, "\(say) takes one value, but this gives several (Split); Join them or pick one with Item")
        }
        guard case .constant(let value) = node, !value.isNull else { return }
        switch parameter.kind {
        case .integer:
            if value.integer == nil { report(column, "\(say) must be a whole number, not \(value.quoted)") }
        case .boolean:
            if value.boolean == nil { report(column, "\(say) must be True or False, not \(value.quoted)") }
        case .date:
            if case .text(let text) = value, ExpressionEvaluator.parseDate(text, today: Self.checkDay) == nil {
                report(
                    column,
                    "\(say): \(value.quoted) is not a date (e.g. 2021-06-30, 2021-06-30T08:00:00Z, "
                        + "6/30/2021 8:00:00 AM)")
            }
        case .interval:
            if let interval = value.text.flatMap(ExpressionEvaluator.normalizedInterval) {
                prepared.interval = interval
            } else {
                let hint = value.text == "mm" || value.text == "mi" ? "; minutes are \"n\", months \"m\"" : ""
                report(
                    column,
                    "\(say) must be one of \(ExpressionFunction.intervals.map { "\"\($0)\"" }.joined(separator: ", "))"
                        + ", not \(value.quoted)\(hint)")
            }
        case .dateStyles:
            switch DotNetDateFormat.Styles.parse(value.text ?? "") {
            case .success(let styles): prepared.styles = styles
            case .failure(let unknown):
                let name = unknown.name
                let hint =
                    ClosestMatch.find(name, in: DotNetDateFormat.styleNames).map { "; did you mean `\($0)`?" } ?? ""
                report(column, "\(say): \"\(name)\" is not a DateTimeStyles name\(hint)")
            }
        case .dateFormat:
            do {
                let format = try DotNetDateFormat(value.text ?? "")
                if parameter.name == "inputFormat" {
                    prepared.inputFormat = format
                } else {
                    prepared.outputFormat = format
                }
            } catch {
                report(column, "\(say): \(error.message)")
            }
        case .regex:
            let pattern = value.text ?? ""
            if let nested = RegexBacktracking.nestedRepetition(in: pattern) {
                report(column, "\(function.rawValue): \(RegexBacktracking.message(pattern: pattern, nested: nested))")
                return
            }
            do {
                prepared.regex = try NSRegularExpression(pattern: pattern)
                prepared.groupNames = ReplaceMode.groupNames(in: pattern)
            } catch {
                report(column, "\(say): \(value.quoted) is not a valid regular expression")
            }
        case .culture:
            if let culture = value.text, ExpressionEvaluator.isCultureName(culture) {
                prepared.locale = Locale(identifier: culture)
            } else {
                report(column, "\(say): \(value.quoted) is not a culture name such as \"en-US\" or \"tr-TR\"")
            }
        case .compareType:
            let mode = value.integer ?? value.text.flatMap { ExpressionFunction.vbConstants[$0] }
            if mode != 0 && mode != 1 { report(column, "\(say) must be vbBinaryCompare or vbTextCompare") }
        case .text, .any, .multi:
            break
        }
    }

    mutating func prepareReplace(
        column: Int, written: [Bool], nodes: [ExpressionNode], into prepared: inout ExpressionCall.Prepared
    ) {
        switch ReplaceMode.of(written: { $0 < written.count && written[$0] }) {
        case .success(let mode):
            prepared.replaceMode = mode
            if mode == .regexGroup || mode == .regexFallback, prepared.regex != nil,
                case .constant(.text(let group))? = nodes.count > 3 ? nodes[3] : nil,
                Int(group) == nil, !prepared.groupNames.contains(group)
            {
                let names = prepared.groupNames.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                report(
                    column,
                    "Replace: the pattern has no group named \"\(group)\""
                        + (names.isEmpty ? " (name one with (?<name>…))" : " (it has \(names))"))
            }
        case .failure(let error):
            report(
                column,
                "Replace: \(error.message); the forms are (source, oldValue, , , replacementValue, , ), "
                    + "(source, oldValue, , , , , template), (source, , regexPattern, , replacementValue, , ), "
                    + "(source, , regexPattern, regexGroupName, replacementValue, , ) and "
                    + "(source, , regexPattern, regexGroupName, , replacementAttributeName, )")
        }
    }

    /// What a node gives, as far as it is known without a row.
    static func resultType(of node: ExpressionNode) -> ExpressionFunction.ResultType {
        switch node {
        case .constant(let value):
            switch value {
            case .text, .null, .ignored: return .text
            case .boolean: return .boolean
            case .integer, .decimal: return .integer
            case .date: return .date
            case .list: return .list
            }
        case .column: return .text
        case .compare: return .boolean
        case .call(let call):
            switch call.function {
            case .iif: return union(call.arguments.dropFirst().map(resultType(of:)))
            case .switchCase:
                let results = call.arguments.indices.filter { $0 == 1 || ($0 >= 3 && $0 % 2 == 1) }
                return union(results.map { resultType(of: call.arguments[$0]) })
            case .coalesce: return union(call.arguments.map(resultType(of:)))
            case .ignoreFlowIfNullOrEmpty: return call.arguments.first.map(resultType(of:)) ?? .text
            default: return call.function.info.result
            }
        }
    }

    private static func union(_ types: [ExpressionFunction.ResultType]) -> ExpressionFunction.ResultType {
        guard let first = types.first else { return .text }
        return types.allSatisfy { $0 == first } ? first : .any
    }

    /// Every text the expression can give, when all of them are literals (`Switch([S], "False", "Active", "True")`
    /// gives "False" or "True"); nil when some result comes from a row.
    static func possibleTexts(of node: ExpressionNode) -> [String]? {
        switch node {
        case .constant(let value):
            return value.isNull ? [] : value.text.map { [$0] }
        case .column, .compare:
            return nil
        case .call(let call):
            let results: [ExpressionNode]
            switch call.function {
            case .iif: results = Array(call.arguments.dropFirst())
            case .switchCase:
                results = call.arguments.indices.filter { $0 == 1 || ($0 >= 3 && $0 % 2 == 1) }.map {
                    call.arguments[$0]
                }
            case .coalesce, .cStr, .ignoreFlowIfNullOrEmpty: results = call.arguments
            default: return nil
            }
            var texts: [String] = []
            for result in results {
                guard let more = possibleTexts(of: result) else { return nil }
                texts += more.filter { !texts.contains($0) }
            }
            return texts
        }
    }
}
