import Foundation

/// What one mapping problem is about, for its own entry in the run report: its kind, the attribute, the closest
/// match, and the mapping file's line.
package struct MappingProblemDetail: Sendable, Equatable {
    /// `missingColumn`, `unknownAttribute`, `badExpression`, `duplicateAttribute`, `missingAttribute`, `unknownKey`,
    /// `activeUnmapped`, `badEntry`, `badHeader`, `invalidJSON`, `unreadableMapping` or `mappingFile`.
    package var kind: String
    /// The SCIM attribute path concerned: the mapping file's key as written, or the header in header mode.
    package var attribute: String?
    /// The closest match: the header's column for a missing one, an attribute path for an unknown one.
    package var suggestion: String?
    /// The 1-based line in the mapping file (1 for a header problem), when known.
    package var line: Int?

    package init(kind: String, attribute: String? = nil, suggestion: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.attribute = attribute
        self.suggestion = suggestion
        self.line = line
    }
}

/// File-level problems with the input or the mapping: nothing is written or sent (exit 65).
package enum MappingError: Error, Sendable, Equatable, LocalizedError {
    /// A mapping file problem, located by its JSON field (e.g. `attributes › "name.givenName"`).
    case mappingFile(
        path: String, field: String?, message: String, detail: MappingProblemDetail = .init(kind: "mappingFile"))
    /// A header that is not a SCIM attribute path (header mode), or a header problem.
    case header(
        path: String, column: Int, name: String, message: String,
        detail: MappingProblemDetail = .init(kind: "badHeader")
    )
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
    package var problems: [MappingError] {
        if case .collected(let errors) = self { return errors.flatMap(\.problems) }
        return [self]
    }

    /// The file the problem is in (the mapping file, or the input for a header problem).
    package var path: String? {
        switch self {
        case .mappingFile(let path, _, _, _), .header(let path, _, _, _, _), .unreadableMapping(let path, _),
            .invalidJSON(let path, _, _, _):
            return path
        case .collected: return nil
        }
    }

    /// What the problem is about, for its report entry (for a collected error, see `problems`).
    package var reportDetail: MappingProblemDetail {
        switch self {
        case .mappingFile(_, _, _, let detail): return detail
        case .header(_, let column, let name, _, var detail):
            detail.line = 1
            if column > 0 { detail.attribute = detail.attribute ?? name }
            return detail
        case .unreadableMapping: return .init(kind: "unreadableMapping")
        case .invalidJSON(_, let line, _, _): return .init(kind: "invalidJSON", line: line)
        case .collected: return .init(kind: "mappingFile")
        }
    }

    /// The same problem with the mapping file's line of its attribute (or of the top-level key it is about).
    func located(attributes: [String: Int], topLevel: [String: Int]) -> MappingError {
        switch self {
        case .mappingFile(let path, let field, let message, var detail) where detail.line == nil:
            // A missing attribute (no externalId) is at the "attributes" object.
            detail.line = detail.attribute.flatMap { attributes[$0] } ?? field.flatMap { topLevel[$0] }
            return .mappingFile(path: path, field: field, message: message, detail: detail)
        case .collected(let errors):
            return .collected(errors.map { $0.located(attributes: attributes, topLevel: topLevel) })
        default:
            return self
        }
    }

    /// A collected error lists at most this many problems (a hostile file can have thousands).
    static let listed = 50

    package var errorDescription: String? {
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
        case .mappingFile(let path, _, _, _), .unreadableMapping(let path, _): return path
        case .header(let path, _, _, _, _): return "\(path):1"
        case .invalidJSON(let path, let line, let column, _): return "\(path):\(line):\(column)"
        case .collected: return nil
        }
    }

    /// What, without the location.
    private var detail: String {
        switch self {
        case .mappingFile(_, let field, let message, _): return field.map { "\($0): \(message)" } ?? message
        case .header(_, let column, let name, let message, _):
            return column == 0 ? message : "column \(column) \"\(name)\": \(message)"
        case .unreadableMapping(_, let reason): return "cannot read the mapping file: \(reason)"
        case .invalidJSON(_, _, _, let message): return "not valid JSON: \(message)"
        case .collected(let errors): return errors.compactMap(\.errorDescription).joined(separator: "; ")
        }
    }
}

/// Something in a mapping that works but is probably not what was meant (a boolean attribute fed text that is not
/// a boolean, a value that changes from run to run): reported with the row problems, as warnings on line 1.
package struct MappingWarning: Sendable, Equatable {
    package let field: String
    package let message: String
    /// The SCIM attribute, for the problem's column.
    package let attribute: String

    package init(field: String, message: String, attribute: String) {
        self.field = field
        self.message = message
        self.attribute = attribute
    }
}
