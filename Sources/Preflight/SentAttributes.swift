import CSV
import Mapping
import SCIM

/// The SCIM attributes a mapping sends, and what they came from: a mapping file, or an export whose header is SCIM
/// attribute paths. What `check` and `schema diff | apply` compare with the job's schema.
package struct SentAttributes: Sendable {
    package let paths: [AttributePath]
    /// The file named in messages ("every attribute FILE sends …").
    package let source: String

    /// The attributes of a mapping file (no export needed).
    package static func mapping(_ path: String) throws -> SentAttributes {
        SentAttributes(paths: try MappingFile.attributePaths(path: path), source: path)
    }

    /// The attributes of an export whose headers are SCIM attribute paths.
    package static func header(of file: String, dialect: CSVDialect) throws -> SentAttributes {
        let reader = try CSVReader(path: file, dialect: dialect)
        let mapping = try ColumnMapping.fromHeader(reader.header.fields, file: file)
        return SentAttributes(paths: mapping.rules.map(\.path), source: file)
    }
}
