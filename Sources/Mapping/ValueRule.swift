import Expressions
import Foundation
import JSONDocument
import SCIM

/// How one SCIM attribute gets its value from a row: the compiled form of a mapping entry or a header.
/// A class: every row walks every rule, and copying a struct of arrays and tables per rule per row showed up as
/// retain/release traffic in the profile.
package final class ValueRule: Sendable {
    package enum Source: Sendable {
        case column(index: Int, name: String)
        case constant(JSON)
        /// Literal text and column references, e.g. `{FirstName}.{LastName}@contoso.com`.
        case template([TemplatePart])
        /// An expression in Entra's attribute-mapping language, compiled once.
        case expression(CompiledExpression)
    }

    package enum TemplatePart: Sendable, Equatable {
        case text(String)
        case column(index: Int, name: String)
    }

    package enum Transform: String, Sendable, CaseIterable {
        case trim, lower, upper, stripDiacritics
    }

    package let path: AttributePath
    package let source: Source
    package let transforms: [Transform]
    /// Input text (matched trimmed and case-insensitively) to output value.
    package let lookup: [String: JSON]?
    /// The value when `lookup` has no entry; without it an unmatched value is a row error.
    package let lookupDefault: JSON?
    /// Input format of a dateTime value (`DateFormatter` pattern), e.g. `MM/dd/yyyy`.
    package let dateFormat: String?

    package init(
        path: AttributePath, source: Source, transforms: [Transform] = [], lookup: [String: JSON]? = nil,
        lookupDefault: JSON? = nil, dateFormat: String? = nil
    ) {
        self.path = path
        self.source = source
        self.transforms = transforms
        self.lookup = lookup.map {
            Dictionary($0.map { (Self.lookupKey($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        }
        self.lookupDefault = lookupDefault
        self.dateFormat = dateFormat
    }

    /// The columns this rule reads, for problem messages.
    package var columnNames: [String] {
        switch source {
        case .column(_, let name): return [name]
        case .constant: return []
        case .template(let parts):
            return parts.compactMap { if case .column(_, let name) = $0 { name } else { nil } }
        case .expression(let expression):
            return expression.columnNames
        }
    }

    /// `Email (emails[type eq "work"].value)`: how problems name the place.
    package var problemColumn: String {
        let columns = columnNames
        if columns.count == 1, columns[0] == path.description { return columns[0] }
        return columns.isEmpty ? path.description : "\(columns.joined(separator: ", ")) (\(path))"
    }

    static func lookupKey(_ text: String) -> String { text.trimmingCharacters(in: .whitespaces).lowercased() }
}
