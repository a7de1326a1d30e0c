import Basics
import Expressions
import Foundation
import JSONDocument
import SCIM

/// What a mapping's column names are looked up in.
package enum MappingColumns: Sendable {
    /// A CSV header.
    case header([String])
    /// Every dotted path the records of a JSON file have (for the messages of a miss: the file has been read).
    case recordPaths([String])
    /// Whatever the mapping names, numbered in its order: JSON records before they are read (the export checks each
    /// name against the records afterwards).
    case open
}

/// Loads a JSON mapping file (`--mapping FILE`) and binds it to a header.
///
/// ```json
/// { "attributes": {
///     "externalId": "WorkerID",
///     "userName": { "template": "{FirstName}.{LastName}@contoso.com", "transform": ["stripDiacritics", "lower"] },
///     "active": { "column": "WorkerStatus", "lookup": { "Active": true }, "default": false },
///     "emails[type eq \"work\"].primary": true,
///     "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate":
///         { "column": "HireDate", "type": "dateTime", "format": "MM/dd/yyyy" }
/// } }
/// ```
/// A bare string is a column name; a bare boolean or number is a constant; `{"constant": …}` makes any constant;
/// `{"expression": "…"}` is an expression in Entra's attribute-mapping language.
package enum MappingFile {
    /// Mapping files are small; a larger one is a mistake or a JSON bomb.
    static let maxBytes = 1 << 20
    static let topLevelKeys = ["attributes", "description", "$schema"]
    static let entryKeys = [
        "column", "constant", "template", "expression", "type", "format", "transform", "lookup", "default",
    ]

    /// - Parameter directory: where the job provisions to, when known: some functions' advice depends on it.
    package static func load(
        path: String, header: [String], directory: TargetDirectory? = nil
    ) throws(MappingError) -> ColumnMapping {
        try parse(try read(path: path), path: path, columns: .header(header), directory: directory)
    }

    /// The mapping bound to `columns`: a CSV header, the paths JSON records have, or (`.open`) whatever it names.
    package static func load(
        path: String, columns: MappingColumns, directory: TargetDirectory? = nil
    ) throws(MappingError) -> ColumnMapping {
        try parse(try read(path: path), path: path, columns: columns, directory: directory)
    }

    /// The file's bytes, refused when it cannot be read or is too large to be a mapping.
    static func read(path: String) throws(MappingError) -> Data {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > maxBytes {
                throw MappingError.mappingFile(
                    path: path, field: nil, message: "is \(size) bytes; a mapping file is at most \(maxBytes) bytes")
            }
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as MappingError {
            throw error
        } catch {
            throw .unreadableMapping(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// A mapping file parsed: its canonical JSON (members in key order), and the line of each key of the top-level
    /// object and of its "attributes" object (the first, if a key repeats), for messages about them.
    struct Text {
        let root: JSON
        var topLevelLines: [String: Int] = [:]
        var attributeLines: [String: Int] = [:]

        init(_ data: Data, path file: String) throws(MappingError) {
            var topLevel: [String: Int] = [:]
            var attributes: [String: Int] = [:]
            do {
                root = try JSON.parse(data) { path, key, line in
                    if path.isEmpty {
                        if topLevel[key] == nil { topLevel[key] = line }
                    } else if path == ["attributes"], attributes[key] == nil {
                        attributes[key] = line
                    }
                }.canonical
            } catch {
                throw .invalidJSON(path: file, line: error.line, column: error.column, message: error.reason)
            }
            topLevelLines = topLevel
            attributeLines = attributes
        }
    }

    package static func parse(
        _ data: Data, path file: String, header: [String], directory: TargetDirectory? = nil
    ) throws(MappingError) -> ColumnMapping {
        try parse(data, path: file, columns: .header(header), directory: directory)
    }

    package static func parse(
        _ data: Data, path file: String, columns given: MappingColumns, directory: TargetDirectory? = nil
    ) throws(MappingError) -> ColumnMapping {
        let text = try Text(data, path: file)
        guard case .object(let object) = text.root else {
            throw .mappingFile(path: file, field: nil, message: "must be a JSON object with an \"attributes\" object")
        }
        let problems = MappingProblems()
        for key in object.keys where !topLevelKeys.contains(key) {
            let closest = ClosestMatch.find(key, in: topLevelKeys)
            problems.errors.append(
                .mappingFile(
                    path: file, field: key, message: "unknown key\(closest.map { "; did you mean \"\($0)\"?" } ?? "")",
                    detail: .init(kind: "unknownKey", suggestion: closest)))
        }
        guard case .object(let attributes)? = object["attributes"] else {
            problems.errors.append(
                .mappingFile(
                    path: file, field: "attributes",
                    message: "missing or not an object: map SCIM attribute paths to columns"))
            throw MappingError.all(problems.errors)!.located(in: text)
        }
        guard attributes.count <= ColumnMapping.maxAttributes else {
            throw .mappingFile(
                path: file, field: "attributes",
                message: "maps \(attributes.count) attributes; a user has at most "
                    + "\(ColumnMapping.maxAttributes)")
        }
        let open = OpenColumns()
        let columns: ColumnResolver
        switch given {
        case .header(let header): columns = ColumnResolver(header: header)
        case .recordPaths(let paths): columns = ColumnResolver(header: paths, names: .recordPaths)
        case .open: columns = ColumnResolver(open: open)
        }
        var rules: [ValueRule] = []
        var seen: [String: String] = [:]
        // Every entry is checked, and every missing column and expression error in it collected: one run names
        // them all.
        for member in attributes {
            let key = member.key
            let field = "attributes › \"\(key)\""
            do throws(MappingError) {
                let path: AttributePath
                do {
                    path = try AttributePath.parse(key)
                } catch {
                    throw .mappingFile(
                        path: file, field: field, message: error.description,
                        detail: .init(kind: "unknownAttribute", attribute: key, suggestion: error.suggestion))
                }
                if let other = seen[path.description] {
                    throw .mappingFile(
                        path: file, field: field, message: "maps the same attribute as \"\(other)\"",
                        detail: .init(kind: "duplicateAttribute", attribute: key, suggestion: other))
                }
                seen[path.description] = key
                var parser = MappingEntryParser(
                    file: file, field: field, key: key, columns: columns, problems: problems)
                parser.directory = directory
                rules.append(try parser.parse(member.value, path: path))
            } catch {
                problems.errors.append(error)
            }
        }
        let header: [String]
        switch given {
        case .header(let names), .recordPaths(let names): header = names
        case .open: header = open.names
        }
        let mapping = ColumnMapping(rules: rules, header: header, mappingFile: file, warnings: problems.warnings)
        problems.errors += mapping.missingKeyAttributes(file: file)
        if let error = MappingError.all(problems.errors) { throw error.located(in: text) }
        return mapping
    }
}

extension MappingError {
    /// The problems with the lines of the mapping file they are about.
    func located(in text: MappingFile.Text) -> MappingError {
        located(attributes: text.attributeLines, topLevel: text.topLevelLines)
    }
}
