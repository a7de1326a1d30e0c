import Foundation
import JSONDocument
import Mapping
import SCIM

/// `provision mapping test`: each attribute's rule and what it gives for the row, then the problems, then the record
/// as it would be sent.
package struct MappingTestPrinter {
    let console: Console

    package init(console: Console) { self.console = console }

    package func print(
        _ row: MappedRow, outcomes: [RuleOutcome], mapper: RecordMapper, path: String, mappingPath: String,
        naming: RecordNaming = .lines
    ) {
        let id = row.externalId.map { ", externalId \"\($0)\"" } ?? ""
        let place =
            naming.isJSON
            ? "\(path): record \(row.line) (\(naming.jsonPath(ofRecord: row.line) ?? "$"))" : "\(path):\(row.line)"
        console.line("\(place)\(id), mapped by \(mappingPath)")
        for outcome in outcomes {
            console.line("")
            console.line(outcome.rule.path.description)
            console.line("    " + outcome.rule.summary.replacingOccurrences(of: "\n", with: "\n    "))
            switch outcome.result {
            case .value(let value): console.line("    = " + String(decoding: JSONWriter.encode(value), as: UTF8.self))
            case .omitted: console.line("    = nothing: the attribute is not sent")
            case .error(let message): console.line("    error: \(message)")
            }
        }
        let problems =
            mapper.mapping.warnings.map { "\(mappingPath): warning: \($0.field): \($0.message)" }
            + row.problems.map { $0.formatted(file: path) }
        console.line("")
        for problem in problems { console.line(problem) }
        let errors = row.problems.count { $0.severity == .error }
        if row.isValid {
            console.line("the record would be sent as:")
            console.write(bytes: mapper.data(of: row) + [0x0A])
        } else {
            console.line("the record would not be sent: \(errors) error\(errors == 1 ? "" : "s")")
        }
    }
}
