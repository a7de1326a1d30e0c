import Foundation
import SCIM

/// Loads a JSON mapping file (`--mapping FILE`) and binds it to a header.
///
/// ```json
/// { "attributes": {
///     "externalId": "WorkerID",
///     "userName": { "template": "{FirstName}.{LastName}@contoso.com", "transform": ["stripDiacritics", "lower"] },
///     "active": { "column": "WorkerStatus", "lookup": { "Active": true }, "default": false },
///     "emails[type eq \"work\"].primary": true,
///     "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate": { "column": "HireDate", "type": "dateTime", "format": "MM/dd/yyyy" }
/// } }
/// ```
/// A bare string is a column name; a bare boolean or number is a constant; `{"constant": …}` makes any constant.
public enum MappingFile {
    /// Mapping files are small; a larger one is a mistake or a JSON bomb.
    static let maxBytes = 1 << 20
    static let topLevelKeys = ["attributes", "description", "$schema"]
    static let entryKeys = ["column", "constant", "template", "type", "format", "transform", "lookup", "default"]

    public static func load(path: String, header: [String]) throws(MappingError) -> ColumnMapping {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > maxBytes {
                throw MappingError.mappingFile(path: path, field: nil, message: "is \(size) bytes; a mapping file is at most \(maxBytes) bytes")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as MappingError {
            throw error
        } catch {
            throw .unreadableMapping(path: path, reason: (error as NSError).localizedDescription)
        }
        return try parse(data, path: path, header: header)
    }

    public static func parse(_ data: Data, path file: String, header: [String]) throws(MappingError) -> ColumnMapping {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .mappingFile(path: file, field: nil, message: "is not valid JSON: \(describe(error))")
        }
        guard case .object(let object) = root else {
            throw .mappingFile(path: file, field: nil, message: "must be a JSON object with an \"attributes\" object")
        }
        for key in object.keys where !topLevelKeys.contains(key) {
            let hint = ClosestMatch.find(key, in: topLevelKeys).map { "; did you mean \"\($0)\"?" } ?? ""
            throw .mappingFile(path: file, field: key, message: "unknown key\(hint)")
        }
        guard case .object(let attributes)? = object["attributes"] else {
            throw .mappingFile(path: file, field: "attributes", message: "missing or not an object: map SCIM attribute paths to columns")
        }
        guard attributes.entries.count <= ColumnMapping.maxAttributes else {
            throw .mappingFile(path: file, field: "attributes", message: "maps \(attributes.entries.count) attributes; a user has at most \(ColumnMapping.maxAttributes)")
        }
        let columns = Dictionary(header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var rules: [ValueRule] = []
        var seen: [String: String] = [:]
        for (key, value) in attributes.entries {
            let field = "attributes › \"\(key)\""
            let path: AttributePath
            do {
                path = try AttributePath.parse(key)
            } catch {
                throw .mappingFile(path: file, field: field, message: error.description)
            }
            if let other = seen[path.description] {
                throw .mappingFile(path: file, field: field, message: "maps the same attribute as \"\(other)\"")
            }
            seen[path.description] = key
            let parser = MappingEntryParser(file: file, field: field, columns: columns, header: header)
            rules.append(try parser.parse(value, path: path))
        }
        let mapping = ColumnMapping(rules: rules, header: header, mappingFile: file)
        try mapping.requireKeyAttributes(file: file, column: nil)
        return mapping
    }

    private static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as NSError?).flatMap { $0.userInfo[NSDebugDescriptionErrorKey] as? String }
            return underlying ?? context.debugDescription
        }
        return (error as NSError).localizedDescription
    }
}
