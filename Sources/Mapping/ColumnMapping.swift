import SCIM

/// The compiled mapping for one input: every rule bound to column indices of the file's header.
public struct ColumnMapping: Sendable {
    public let rules: [ValueRule]
    public let header: [String]
    /// Where the rules came from (mapping file path, or nil for header mode), for messages.
    public let mappingFile: String?

    public init(rules: [ValueRule], header: [String], mappingFile: String?) {
        // Canonical order: the same mapping in another order yields the same payloads.
        self.rules = rules.sorted { $0.path.description < $1.path.description }
        self.header = header
        self.mappingFile = mappingFile
    }

    public func rule(for path: String) -> ValueRule? { rules.first { $0.path.description == path } }

    public var externalIdRule: ValueRule? { rules.first { $0.path.schema == nil && $0.path.attribute == "externalId" } }
    public var userNameRule: ValueRule? { rules.first { $0.path.schema == nil && $0.path.attribute == "userName" } }

    /// More attributes than any real user record has; a wider header is a mistake (or hostile), not an export.
    public static let maxAttributes = 1000

    /// Header mode: every column header is itself a SCIM attribute path.
    public static func fromHeader(_ header: [String], file: String) throws(MappingError) -> ColumnMapping {
        guard header.count <= maxAttributes else {
            throw .header(path: file, column: maxAttributes + 1, name: header[maxAttributes], message: "the header has \(header.count) columns; a user has at most \(maxAttributes) attributes. Map the columns you need with --mapping")
        }
        var rules: [ValueRule] = []
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let path: AttributePath
            do {
                path = try AttributePath.parse(name)
            } catch {
                throw .header(path: file, column: index + 1, name: name, message: "\(error); or give a mapping file with --mapping (`provision mapping suggest \(file)` writes a starter)")
            }
            if let earlier = seen[path.description] {
                throw .header(path: file, column: index + 1, name: name, message: "addresses the same attribute as column \(earlier + 1)")
            }
            seen[path.description] = index
            rules.append(ValueRule(path: path, source: .column(index: index, name: name)))
        }
        let mapping = ColumnMapping(rules: rules, header: header, mappingFile: nil)
        try mapping.requireKeyAttributes(file: file, column: nil)
        return mapping
    }

    func requireKeyAttributes(file: String, column: Int?) throws(MappingError) {
        for required in ["externalId", "userName"] where !rules.contains(where: { $0.path.schema == nil && $0.path.attribute == required }) {
            let how = mappingFile == nil ? "add a column named \(required)" : "map \"\(required)\" in \"attributes\""
            if let mappingFile {
                throw .mappingFile(path: mappingFile, field: "attributes", message: "no \(required): every record needs one; \(how)")
            }
            throw .header(path: file, column: column ?? 0, name: "", message: "no \(required) column: every record needs one; \(how)")
        }
    }
}
