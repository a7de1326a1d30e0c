import SCIM

extension MappingFile {
    /// The SCIM paths a mapping file sends, custom attributes with the `type` the file gives them, read without an
    /// export (no column is looked up): what `provision schema diff --mapping FILE` compares with the job's schema.
    /// The file's keys must be attribute paths; everything else in an entry is checked when it is bound to a header.
    package static func attributePaths(path file: String) throws(MappingError) -> [AttributePath] {
        let text = try Text(try read(path: file), path: file)
        guard case .object(let attributes)? = text.root["attributes"] else {
            throw .mappingFile(
                path: file, field: "attributes",
                message: "missing or not an object: map SCIM attribute paths to columns")
        }
        var paths: [AttributePath] = []
        var errors: [MappingError] = []
        for member in attributes {
            let (key, value) = (member.key, member.value)
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
        if let error = MappingError.all(errors) { throw error.located(in: text) }
        return paths
    }
}
