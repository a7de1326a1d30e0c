import Expressions
import SCIM

/// `{"expression": "…"}` entries: compiled once, every problem in them collected with its column, and the result
/// type checked against the attribute's.
extension MappingEntryParser {
    func compileExpression(_ text: String, path: AttributePath, dateFormat: String?) -> ValueRule.Source {
        switch ExpressionCompiler.compile(text, columns: columns, directory: directory) {
        case .failure(let diagnostics):
            for diagnostic in diagnostics.all {
                let message = Self.describe(diagnostic, in: text)
                if let missing = diagnostic.missingColumn {
                    problems.errors.append(fail(message, kind: "missingColumn", suggestion: missing.suggestion))
                } else {
                    problems.errors.append(fail(message, kind: "badExpression"))
                }
            }
            return .constant(.null)
        case .success(let (expression, nowColumns)):
            if expression.selectsUniqueValue, let refusal = Self.uniqueValueRefusal(path) {
                problems.errors.append(fail(refusal, kind: "badExpression"))
                return .constant(.null)
            }
            typeCheck(expression, path: path, dateFormat: dateFormat)
            for column in nowColumns {
                warn(
                    path,
                    "expression column \(column): Now() is the run's start time, so a value made from it "
                        + "changes from run to run and delta sync resends the record whenever it does; compare dates "
                        + "with DateDiff(…, Now(), …) to send only what changes")
            }
            return .expression(expression)
        }
    }

    /// Why `SelectUniqueValue` cannot give `path`'s value: the matching attribute identifies the person (Entra: "it
    /// cannot be applied to attributes that have a matching precedence"), the manager is a reference, and only text
    /// is made unique.
    static func uniqueValueRefusal(_ path: AttributePath) -> String? {
        if path.schema == nil && path.attribute == "externalId" {
            return "SelectUniqueValue cannot give externalId: it identifies the person (the job matches on it), so it "
                + "must come from the HR system as it is"
        }
        if path.addresses(schema: SCIMSchema.enterpriseUser, attribute: "manager", subAttribute: "value") {
            return "SelectUniqueValue cannot give the manager: it is a reference to another person's externalId"
        }
        guard path.valueType == .string else {
            return "SelectUniqueValue picks text, but \(path) is a \(path.valueType.rawValue)"
        }
        return nil
    }

    /// `expression column 12 («Jion("@", [Fi…»): unknown function 'Jion'; did you mean `Join`?`
    static func describe(_ diagnostic: ExpressionDiagnostic, in text: String) -> String {
        let characters = Array(text)
        let start = min(max(diagnostic.column - 1, 0), characters.count)
        var excerpt = String(characters[start..<min(start + 24, characters.count)])
        if start + 24 < characters.count { excerpt += "…" }
        let at = excerpt.isEmpty ? "at the end" : "«\(excerpt)»"
        return "expression column \(diagnostic.column) (\(at)): \(diagnostic.message)"
    }

    private func warn(_ path: AttributePath, _ message: String) {
        problems.warnings.append(MappingWarning(field: field, message: message, attribute: path.description))
    }

    /// What the expression can give against what the attribute takes: impossible combinations are errors; literal
    /// results the attribute's type cannot read are warnings naming them.
    private func typeCheck(_ expression: CompiledExpression, path: AttributePath, dateFormat: String?) {
        let type = expression.resultType
        let target = path.valueType
        if type == .list {
            problems.errors.append(
                fail(
                    "the expression gives several values (Split), but \(path) takes one; Join "
                        + "them or pick one with Item", kind: "badExpression"))
            return
        }
        let impossible: Bool
        switch target {
        case .string: impossible = false
        case .boolean: impossible = type == .date
        case .integer: impossible = type == .date || type == .boolean
        case .dateTime: impossible = type == .boolean || type == .integer
        }
        if impossible {
            problems.errors.append(
                fail(
                    "the expression gives a \(Self.name(of: type)), but \(path) is a "
                        + "\(target.rawValue)", kind: "badExpression"))
            return
        }
        guard target != .string, type == .text || type == .any,
            let texts = expression.possibleTexts
        else { return }
        let converter = ValueConverter()
        let unreadable = texts.filter { text in
            guard !TextOperations.isBlank(text) else { return false }
            do {
                _ = try converter.convert(text, to: target, dateFormat: dateFormat)
                return false
            } catch {
                return true
            }
        }
        guard !unreadable.isEmpty else { return }
        let listed = unreadable.map { "\"\($0)\"" }.joined(separator: ", ")
        let readable: String
        switch target {
        case .boolean: readable = "true/false, yes/no or 1/0"
        case .integer: readable = "whole numbers"
        default: readable = "ISO 8601 dates (CDate or FormatDateTime make one)"
        }
        warn(
            path,
            "the expression gives text for a \(target.rawValue) attribute, and \(listed) "
                + "\(unreadable.count == 1 ? "is" : "are") not \(readable): every row that gets "
                + "\(unreadable.count == 1 ? "it" : "one of them") fails")
    }

    private static func name(of type: ExpressionFunction.ResultType) -> String {
        switch type {
        case .text: return "text"
        case .boolean: return "boolean"
        case .integer: return "number"
        case .date: return "date"
        case .list: return "list"
        case .any: return "value"
        }
    }
}
