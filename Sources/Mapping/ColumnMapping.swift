import SCIM

/// The compiled mapping for one input: every rule bound to column indices of the file's header.
package struct ColumnMapping: Sendable {
    package let rules: [ValueRule]
    package let header: [String]
    /// Where the rules came from (mapping file path, or nil for header mode), for messages.
    package let mappingFile: String?
    /// What loading the mapping found suspicious but not wrong (see `MappingWarning`).
    package let warnings: [MappingWarning]

    package init(rules: [ValueRule], header: [String], mappingFile: String?, warnings: [MappingWarning] = []) {
        // Canonical order: the same mapping in another order yields the same payloads.
        self.rules = rules.sorted { $0.path.description < $1.path.description }
        self.header = header
        self.mappingFile = mappingFile
        self.warnings = warnings
    }

    package func rule(for path: String) -> ValueRule? { rules.first { $0.path.description == path } }

    package var externalIdRule: ValueRule? {
        rules.first { $0.path.schema == nil && $0.path.attribute == "externalId" }
    }
    package var userNameRule: ValueRule? { rules.first { $0.path.schema == nil && $0.path.attribute == "userName" } }

    /// More attributes than any real user record has; a wider header is a mistake (or hostile), not an export.
    package static let maxAttributes = 1000

    /// Header mode: every column header is itself a SCIM attribute path. Every bad header is reported at once.
    package static func fromHeader(_ header: [String], file: String) throws(MappingError) -> ColumnMapping {
        guard header.count <= maxAttributes else {
            throw .header(
                path: file, column: maxAttributes + 1, name: header[maxAttributes],
                message: "the header has \(header.count) columns; a user has at most \(maxAttributes) attributes. Map "
                    + "the columns you need with --mapping",
                detail: .init(kind: "badHeader"))
        }
        var rules: [ValueRule] = []
        var errors: [MappingError] = []
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let path: AttributePath
            do {
                path = try AttributePath.parse(name)
            } catch {
                errors.append(
                    .header(
                        path: file, column: index + 1, name: name,
                        message: "\(error); or give a mapping file with --mapping (`provision mapping suggest \(file)` "
                            + "writes a starter)",
                        detail: .init(kind: "unknownAttribute", suggestion: error.suggestion)))
                continue
            }
            if let earlier = seen[path.description] {
                errors.append(
                    .header(
                        path: file, column: index + 1, name: name,
                        message: "addresses the same attribute as column \(earlier + 1)",
                        detail: .init(kind: "duplicateAttribute", suggestion: header[earlier])))
                continue
            }
            seen[path.description] = index
            rules.append(ValueRule(path: path, source: .column(index: index, name: name)))
        }
        let mapping = ColumnMapping(rules: rules, header: header, mappingFile: nil)
        // A missing key column is only worth saying when the header is otherwise understood.
        if errors.isEmpty { errors = mapping.missingKeyAttributes(file: file) }
        if let error = MappingError.all(errors) { throw error }
        return mapping
    }

    /// An error for each of externalId and userName that no rule writes.
    func missingKeyAttributes(file: String) -> [MappingError] {
        ["externalId", "userName"].filter { required in
            !rules.contains { $0.path.schema == nil && $0.path.attribute == required }
        }.map { required in
            if let mappingFile {
                return .mappingFile(
                    path: mappingFile, field: "attributes",
                    message: "no \(required): every record needs one; map \"\(required)\" in \"attributes\"",
                    detail: .init(kind: "missingAttribute", attribute: required))
            }
            return .header(
                path: file, column: 0, name: "",
                message: "no \(required) column: every record needs one; add a column named \(required)",
                detail: .init(kind: "missingAttribute", attribute: required))
        }
    }
}
