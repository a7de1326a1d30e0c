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
///     "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate":
///         { "column": "HireDate", "type": "dateTime", "format": "MM/dd/yyyy" }
/// } }
/// ```
/// A bare string is a column name; a bare boolean or number is a constant; `{"constant": …}` makes any constant;
/// `{"expression": "…"}` is an expression in Entra's attribute-mapping language.
public enum MappingFile {
    /// Mapping files are small; a larger one is a mistake or a JSON bomb.
    static let maxBytes = 1 << 20
    static let topLevelKeys = ["attributes", "description", "$schema"]
    static let entryKeys = [
        "column", "constant", "template", "expression", "type", "format", "transform", "lookup", "default",
    ]

    /// - Parameter directory: where the job provisions to, when known: some functions' advice depends on it.
    public static func load(
        path: String, header: [String], directory: TargetDirectory? = nil
    ) throws(MappingError) -> ColumnMapping {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > maxBytes {
                throw MappingError.mappingFile(
                    path: path, field: nil, message: "is \(size) bytes; a mapping file is at most \(maxBytes) bytes")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as MappingError {
            throw error
        } catch {
            throw .unreadableMapping(path: path, reason: (error as NSError).localizedDescription)
        }
        return try parse(data, path: path, header: header, directory: directory)
    }

    public static func parse(
        _ data: Data, path file: String, header: [String], directory: TargetDirectory? = nil
    ) throws(MappingError) -> ColumnMapping {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            if let failure = JSONSyntaxChecker.firstError(in: Array(data)) {
                throw .invalidJSON(path: file, line: failure.line, column: failure.column, message: failure.message)
            }
            throw .mappingFile(path: file, field: nil, message: "is not valid JSON: \(describe(error))")
        }
        guard case .object(let object) = root else {
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
            throw MappingError.all(problems.errors)!.located(in: data)
        }
        guard attributes.entries.count <= ColumnMapping.maxAttributes else {
            throw .mappingFile(
                path: file, field: "attributes",
                message: "maps \(attributes.entries.count) attributes; a user has at most "
                    + "\(ColumnMapping.maxAttributes)")
        }
        let columns = ColumnResolver(header: header)
        var rules: [ValueRule] = []
        var seen: [String: String] = [:]
        // Every entry is checked, and every missing column and expression error in it collected: one run names
        // them all.
        for (key, value) in attributes.entries {
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
                rules.append(try parser.parse(value, path: path))
            } catch {
                problems.errors.append(error)
            }
        }
        let mapping = ColumnMapping(rules: rules, header: header, mappingFile: file, warnings: problems.warnings)
        problems.errors += mapping.missingKeyAttributes(file: file)
        if let error = MappingError.all(problems.errors) { throw error.located(in: data) }
        return mapping
    }

    private static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as NSError?).flatMap {
                $0.userInfo[NSDebugDescriptionErrorKey] as? String
            }
            return underlying ?? context.debugDescription
        }
        return (error as NSError).localizedDescription
    }
}

extension MappingError {
    /// The problems with the lines of the mapping file they are about (`text` is the file, which parsed as JSON).
    func located(in text: Data) -> MappingError {
        let lines = JSONSyntaxChecker.memberLines(in: Array(text))
        return located(attributes: lines.attributes, topLevel: lines.topLevel)
    }
}
