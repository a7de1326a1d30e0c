import SCIM

/// A mapping that never writes `active`. The default mappings feed `accountEnabled` from `active`, and a record
/// without it gets the expression's default, false: every account the run touches would be disabled
/// (docs/service.md, "How the service treats records"). A column, a constant or an expression counts as written.
package enum MissingActiveCheck {
    static let kind = "activeUnmapped"
    static let consequence =
        "Entra disables the account of every record sent without active (the default "
        + "mappings feed accountEnabled from it)"

    /// The problem, as a file-level error, or nil when some rule writes `active`.
    package static func check(_ mapping: ColumnMapping, input: String) -> MappingError? {
        guard !mapping.rules.contains(where: { $0.path.addresses(schema: nil, attribute: "active", subAttribute: nil) })
        else { return nil }
        if let mappingFile = mapping.mappingFile {
            return .mappingFile(
                path: mappingFile, field: "attributes",
                message: "no \"active\": \(consequence); map \"active\" in \"attributes\" (a column with a lookup, "
                    + "or the constant true), or pass --allow-missing-active if the job's mappings do not use it",
                detail: .init(kind: kind, attribute: "active"))
        }
        return .header(
            path: input, column: 0, name: "",
            message: "no active column: \(consequence); add a column named active, or pass --allow-missing-active "
                + "if the job's mappings do not use it",
            detail: .init(kind: kind, attribute: "active"))
    }

    /// The same problem as a warning on line 1 (with `--allow-missing-active`).
    package static func warning(mapping: ColumnMapping, input: String) -> Problem {
        let place = mapping.mappingFile.map { "\($0): attributes: no \"active\"" } ?? "no active column"
        return Problem(
            line: 1, externalId: nil, column: "active", severity: .warning,
            message: "\(place): \(consequence); allowed by --allow-missing-active", kind: kind)
    }
}
