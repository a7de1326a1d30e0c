import Foundation
import JSONDocument

/// Graph's `attributeMappingSource`: where an attribute mapping takes its value from. An attribute of the source
/// object (`[title]`), a constant, or a function of other sources (`Switch([active], "False", …)`).
package indirect enum MappingSource: Sendable, Equatable {
    case attribute(String)
    case constant(String)
    /// A function's name and its parameters' values, in order.
    case function(String, [MappingSource])

    /// Every source attribute the expression reads, in order.
    package var attributeNames: [String] {
        switch self {
        case .attribute(let name): [name]
        case .constant: []
        case .function(_, let parameters): parameters.flatMap(\.attributeNames)
        }
    }

    /// The one attribute whose value flows: a direct attribute, or the only attribute a function reads
    /// (`ToLower([mail])`, `Switch([active], …)`). Nil for constants and for functions of several attributes.
    package var flowingAttribute: String? {
        let names = attributeNames
        guard let first = names.first,
            names.allSatisfy({ $0.caseInsensitiveCompare(first) == .orderedSame })
        else { return nil }
        return first
    }

    /// Parses an `attributeMappingSource`; `path` names it in the error.
    static func parse(_ value: JSON, path: String) throws(JobSchemaError) -> MappingSource {
        guard value.isObject else {
            throw JobSchemaError("\(path) is \(value.kindName), not an attributeMappingSource")
        }
        let name = value["name"]?.stringValue ?? ""
        switch value["type"]?.stringValue {
        case "Attribute":
            guard !name.isEmpty else { throw JobSchemaError("\(path).name must name a source attribute") }
            return .attribute(name)
        case "Constant":
            return .constant(name)
        case "Function":
            var parameters: [MappingSource] = []
            for (index, item) in (value["parameters"]?.arrayValue ?? []).enumerated() {
                guard let inner = item["value"] else { continue }
                parameters.append(try parse(inner, path: "\(path).parameters[\(index)].value"))
            }
            return .function(name, parameters)
        default:
            let shown = value["type"].map { $0.stringValue.map { "'\($0)'" } ?? $0.kindName } ?? "missing"
            throw JobSchemaError("\(path).type is \(shown), not Attribute, Constant or Function")
        }
    }
}

/// A schema document this client cannot read; `message` names the offending member's path.
package struct JobSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
