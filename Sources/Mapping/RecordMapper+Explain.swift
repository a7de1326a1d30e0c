import CSV
import JSONDocument
import SCIM

/// What one rule gave for one row, for `provision mapping test`.
package struct RuleOutcome: Sendable {
    package enum Result: Sendable, Equatable {
        case value(JSON)
        /// Nothing to send: a blank cell or result (or `IgnoreFlowIfNullOrEmpty`).
        case omitted
        case error(String)
    }

    package let rule: ValueRule
    package let result: Result
}

extension RecordMapper {
    /// Each rule's value for the row, evaluated exactly as `map` does. Empty when the row's field count is wrong
    /// (`map` reports that).
    package func explain(_ record: CSVRecord) -> [RuleOutcome] { explain(InputRecord(record)) }

    package func explain(_ record: InputRecord) -> [RuleOutcome] {
        guard record.fields.count == mapping.header.count else { return [] }
        expressionBudget.reset()
        var outcomes: [RuleOutcome] = []
        for rule in mapping.rules {
            do throws(ValueConverter.Failure) {
                let value = try value(of: rule, fields: record.fields)
                outcomes.append(RuleOutcome(rule: rule, result: value.map(RuleOutcome.Result.value) ?? .omitted))
            } catch {
                guard case .invalid(let reason) = error else { continue }
                outcomes.append(RuleOutcome(rule: rule, result: .error(reason)))
            }
        }
        return outcomes
    }
}

extension ValueRule {
    /// How the rule reads a row, in mapping-file terms: `column "Worker_ID"`, `template "{First}.{Last}@x.com",
    /// transform stripDiacritics, lower`, `expression Switch([S], "False", "Active", "True")`.
    package var summary: String {
        var text: String
        switch source {
        case .column(_, let name):
            text = "column \"\(name)\""
        case .constant(let value):
            text = "constant \(String(decoding: JSONWriter.encode(value), as: UTF8.self))"
        case .template(let parts):
            let written = parts.map { part -> String in
                switch part {
                case .text(let literal):
                    return literal.replacingOccurrences(of: "{", with: "{{").replacingOccurrences(of: "}", with: "}}")
                case .column(_, let name):
                    return "{\(name)}"
                }
            }
            text = "template \"\(written.joined())\""
        case .expression(let expression):
            text = "expression \(expression.text)"
        }
        if !transforms.isEmpty { text += ", transform \(transforms.map(\.rawValue).joined(separator: ", "))" }
        if let lookup {
            text += ", lookup of \(lookup.count) value\(lookup.count == 1 ? "" : "s")"
            if let lookupDefault {
                text += ", default \(String(decoding: JSONWriter.encode(lookupDefault), as: UTF8.self))"
            }
        }
        if let dateFormat { text += ", format \"\(dateFormat)\"" }
        if path.isCustom, path.valueType != .string { text += " (\(path.valueType.rawValue))" }
        return text
    }
}
