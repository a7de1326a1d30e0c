import Foundation

/// File-level problems with the input or the mapping: nothing is written or sent (exit 65).
public enum MappingError: Error, Sendable, Equatable, LocalizedError {
    /// A mapping file problem, located by its JSON field (e.g. `attributes › "name.givenName"`).
    case mappingFile(path: String, field: String?, message: String)
    /// A header that is not a SCIM attribute path (header mode), or a header problem.
    case header(path: String, column: Int, name: String, message: String)
    case unreadableMapping(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .mappingFile(let path, let field, let message):
            return field.map { "\(path): \($0): \(message)" } ?? "\(path): \(message)"
        case .header(let path, let column, let name, let message):
            return "\(path):1: column \(column) \"\(name)\": \(message)"
        case .unreadableMapping(let path, let reason):
            return "\(path): cannot read the mapping file: \(reason)"
        }
    }
}
