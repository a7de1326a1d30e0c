import Mapping

/// Per rule of a mapping, the valid records that leave its attribute out (a blank cell, an expression that gives
/// nothing), and the first of them. Where the job's schema flows null values for the attribute ("clear attribute
/// values"), the service clears the value in Entra for each such record (docs/service.md, "Multi-valued attributes,
/// empty and null values"): said once per attribute.
package struct Omissions: Sendable {
    package private(set) var counts: [Int]
    package private(set) var first: [(line: Int, externalId: String)?]

    init(rules: Int) {
        counts = [Int](repeating: 0, count: rules)
        first = [(line: Int, externalId: String)?](repeating: nil, count: rules)
    }

    mutating func add(_ row: MappedRow, externalId: String) {
        // By index, not by element: binding each value would copy (retain and release) it, for every cell.
        for rule in row.values.indices where row.values[rule] == nil {
            counts[rule] += 1
            if first[rule] == nil { first[rule] = (row.line, externalId) }
        }
    }

    package static let kind = "clearedWhenLeftOut"

    /// One warning per attribute that records leave out while `flows` says the job clears it then.
    package func problems(mapping: ColumnMapping, flows: AttributeFlows, naming: RecordNaming = .lines) -> [Problem] {
        mapping.rules.indices.compactMap { rule in
            let path = mapping.rules[rule].path
            guard counts[rule] > 0, let first = first[rule], flows.clearsWhenLeftOut(path) else { return nil }
            let target = flows.target(of: path) ?? path.description
            let records = counts[rule] == 1 ? "1 record leaves it out" : "\(counts[rule]) records leave it out"
            return Problem(
                line: first.line, externalId: first.externalId, column: mapping.rules[rule].problemColumn,
                severity: .warning,
                message:
                    "the job's schema flows null values for \(path): \(records) (a blank cell; this is the first), "
                    + "and where its attribute mapping flows null values too, the service then clears \(target) in "
                    + "\(flows.directory?.rawValue ?? "Entra") for each; --empty-as-null sends null to clear it on "
                    + "purpose, a \"default\" in the mapping file keeps a value",
                kind: Self.kind, jsonPath: naming.jsonPath(ofRecord: first.line))
        }
    }
}
