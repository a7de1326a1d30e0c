import Foundation

/// File-level problems with the input or the mapping: nothing is written or sent (exit 65).
public enum MappingError: Error, Sendable, Equatable, LocalizedError {
    /// A mapping file problem, located by its JSON field (e.g. `attributes › "name.givenName"`).
    case mappingFile(path: String, field: String?, message: String)
    /// A header that is not a SCIM attribute path (header mode), or a header problem.
    case header(path: String, column: Int, name: String, message: String)
    case unreadableMapping(path: String, reason: String)
    /// A mapping file that is not JSON, with the 1-based line and column where it stops being JSON.
    case invalidJSON(path: String, line: Int, column: Int, message: String)
    /// Every problem of a mapping or header found in one pass, so that one run shows them all.
    case collected([MappingError])

    /// One error for a single problem, a collected one for several.
    static func all(_ errors: [MappingError]) -> MappingError? {
        errors.count > 1 ? .collected(errors) : errors.first
    }

    /// Each problem on its own (a collected error's parts).
    public var problems: [MappingError] {
        if case .collected(let errors) = self { return errors.flatMap(\.problems) }
        return [self]
    }

    /// A collected error lists at most this many problems (a hostile file can have thousands).
    static let listed = 50

    public var errorDescription: String? {
        guard case .collected(let errors) = self else { return location.map { "\($0): \(detail)" } ?? detail }
        let more = errors.count > Self.listed ? ["… and \(errors.count - Self.listed) more problems"] : []
        let locations = Set(errors.map(\.location))
        guard locations.count == 1, let location = errors.first?.location else {
            return (errors.prefix(Self.listed).compactMap(\.errorDescription) + more).joined(separator: "\n")
        }
        return "\(location): \(errors.count) problems:\n"
            + (errors.prefix(Self.listed).map(\.detail) + more).map { "  " + $0 }.joined(separator: "\n")
    }

    /// Where: the file (and line), the part a collected error can share.
    private var location: String? {
        switch self {
        case .mappingFile(let path, _, _), .unreadableMapping(let path, _): return path
        case .header(let path, _, _, _): return "\(path):1"
        case .invalidJSON(let path, let line, let column, _): return "\(path):\(line):\(column)"
        case .collected: return nil
        }
    }

    /// What, without the location.
    private var detail: String {
        switch self {
        case .mappingFile(_, let field, let message): return field.map { "\($0): \(message)" } ?? message
        case .header(_, let column, let name, let message):
            return column == 0 ? message : "column \(column) \"\(name)\": \(message)"
        case .unreadableMapping(_, let reason): return "cannot read the mapping file: \(reason)"
        case .invalidJSON(_, _, _, let message): return "not valid JSON: \(message)"
        case .collected(let errors): return errors.compactMap(\.errorDescription).joined(separator: "; ")
        }
    }
}

/// Something in a mapping that works but is probably not what was meant (a boolean attribute fed text that is not
/// a boolean, a value that changes from run to run): reported with the row problems, as warnings on line 1.
public struct MappingWarning: Sendable, Equatable {
    public let field: String
    public let message: String
    /// The SCIM attribute, for the problem's column.
    public let attribute: String

    public init(field: String, message: String, attribute: String) {
        self.field = field
        self.message = message
        self.attribute = attribute
    }
}
