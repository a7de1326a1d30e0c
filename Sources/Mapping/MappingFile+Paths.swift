import Foundation
import SCIM

extension MappingFile {
    /// The SCIM paths a mapping file sends, custom attributes with the `type` the file gives them, read without an
    /// export (no column is looked up): what `provision schema diff --mapping FILE` compares with the job's schema.
    /// The file's keys must be attribute paths; everything else in an entry is checked when it is bound to a header.
    public static func attributePaths(path file: String) throws(MappingError) -> [AttributePath] {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            if let size = attributes[.size] as? Int, size > maxBytes {
                throw MappingError.mappingFile(
                    path: file, field: nil, message: "is \(size) bytes; a mapping file is at most \(maxBytes) bytes")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch let error as MappingError {
            throw error
        } catch {
            throw .unreadableMapping(path: file, reason: (error as NSError).localizedDescription)
        }
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            if let failure = JSONSyntaxChecker.firstError(in: Array(data)) {
                throw .invalidJSON(path: file, line: failure.line, column: failure.column, message: failure.message)
            }
            throw .mappingFile(path: file, field: nil, message: "is not valid JSON")
        }
        guard case .object(let object) = root, case .object(let attributes)? = object["attributes"] else {
            throw .mappingFile(
                path: file, field: "attributes",
                message: "missing or not an object: map SCIM attribute paths to columns")
        }
        var paths: [AttributePath] = []
        var errors: [MappingError] = []
        for (key, value) in attributes.entries {
            do throws(AttributePathError) {
                var path = try AttributePath.parse(key)
                if path.isCustom, case .object(let entry) = value, case .string(let name)? = entry["type"],
                    let type = SCIMSchema.ValueType(rawValue: name)
                {
                    path = path.with(valueType: type)
                }
                paths.append(path)
            } catch {
                errors.append(
                    .mappingFile(
                        path: file, field: "attributes › \"\(key)\"", message: error.description,
                        detail: .init(kind: "unknownAttribute", attribute: key, suggestion: error.suggestion)))
            }
        }
        if let error = MappingError.all(errors) { throw error.located(in: data) }
        return paths
    }
}
