import Expressions
import JSONDocument

/// A rule's expression for one row: its value, or a `SelectUniqueValue`'s candidates.
extension RecordMapper {
    func evaluate(_ expression: CompiledExpression, fields: [String]) throws(ValueConverter.Failure)
        -> ExpressionValue
    {
        do {
            return try expression.evaluate(fields: fields, now: now, cache: expressionCache, budget: expressionBudget)
        } catch {
            throw .invalid("expression column \(error.column): \(error.message)")
        }
    }

    /// An expression's result as the attribute's value: nil to omit it (also for `IgnoreFlowIfNullOrEmpty`, even
    /// with `--empty-as-null`), dates as ISO 8601 for dateTime attributes, anything else through its text.
    func value(of expression: CompiledExpression, rule: ValueRule, fields: [String])
        throws(ValueConverter.Failure) -> JSON?
    {
        let result = try evaluate(expression, fields: fields)
        switch result {
        case .ignored:
            return nil
        case .null:
            return emptyAsNull ? .null : nil
        case .list(let items):
            throw .invalid("the expression gave \(items.count) values (\(result.quoted)); \(rule.path) takes one")
        case .date(let date) where rule.path.valueType == .dateTime:
            return .string(date.isoText)
        default:
            let text = result.text ?? ""
            if TextOperations.isBlank(text) { return emptyAsNull ? .null : nil }
            return try converter.convert(text, to: rule.path.valueType, dateFormat: rule.dateFormat)
        }
    }

    /// A `SelectUniqueValue` rule's candidates as text: each one's value as the attribute would take it, blank ones
    /// and repeats left out.
    func candidates(of expression: CompiledExpression, rule: ValueRule, fields: [String])
        throws(ValueConverter.Failure) -> [String]
    {
        let values: [ExpressionValue]
        do {
            values =
                try expression.candidates(fields: fields, now: now, cache: expressionCache, budget: expressionBudget)
                ?? []
        } catch {
            throw .invalid("expression column \(error.column): \(error.message)")
        }
        var texts: [String] = []
        for (position, value) in values.enumerated() {
            if case .list(let items) = value {
                throw .invalid(
                    "SelectUniqueValue's candidate \(position + 1) gave \(items.count) values (\(value.quoted)); "
                        + "\(rule.path) takes one")
            }
            guard let text = value.text, !TextOperations.isBlank(text), !texts.contains(text) else { continue }
            texts.append(text)
        }
        return texts
    }
}
