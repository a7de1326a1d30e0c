import Foundation
import JSONDocument

/// Graph's `attributeMappingSource`: where an attribute mapping takes its value from (an attribute of the source
/// object, a constant, or a function of other sources), and the small part of the expression language the emulator
/// can evaluate.
indirect enum MappingExpression: Sendable, Equatable {
    /// One `{ "key": …, "value": … }` entry of a function's `parameters`.
    struct Parameter: Sendable, Equatable {
        var key: String
        var value: MappingExpression
    }

    /// `type: Attribute`: the value of the named source attribute, e.g. `[title]`.
    case attribute(String)
    /// `type: Constant`: a literal, e.g. `"False"`.
    case constant(String)
    /// `type: Function`: `name(parameters…)`, e.g. `Switch([active], "False", "True", "True", "False", "False")`.
    case function(String, [Parameter])

    /// The expression text Graph shows next to the tree, e.g. `Not([IsSoftDeleted])`.
    var text: String {
        switch self {
        case .attribute(let name): "[\(name)]"
        case .constant(let value): "\"\(value.replacingOccurrences(of: "\"", with: "\\\""))\""
        case .function(let name, let parameters): "\(name)(\(parameters.map(\.value.text).joined(separator: ", ")))"
        }
    }

    /// Every source attribute the expression reads, in order (a manager mapping must read exactly one).
    var attributeNames: [String] {
        switch self {
        case .attribute(let name): [name]
        case .constant: []
        case .function(_, let parameters): parameters.flatMap(\.value.attributeNames)
        }
    }

    /// The value the expression gives for a record, or nil for "no value" (the target is then left alone).
    /// `lookup` answers a source attribute's value by name. Booleans are the strings `True` and `False`, as the
    /// provisioning service renders them. Supported functions: `Switch`, `Not`, `IgnoreFlowIfNullOrEmpty`,
    /// `Coalesce`, `Join`, `ToLower`, `ToUpper`; any other function is approximated by the value of its first
    /// argument, so that a mapping the emulator cannot evaluate still flows the attribute it names.
    func evaluate(_ lookup: (String) -> String?) -> String? {
        switch self {
        case .attribute(let name): return lookup(name)
        case .constant(let value): return value
        case .function(let name, let parameters):
            let arguments = parameters.map(\.value)
            return Self.call(name, arguments, lookup)
        }
    }

    private static func call(
        _ name: String, _ arguments: [MappingExpression], _ lookup: (String) -> String?
    )
        -> String?
    {
        func argument(_ index: Int) -> String? { index < arguments.count ? arguments[index].evaluate(lookup) : nil }
        switch name.lowercased() {
        case "switch":
            // Switch(source, defaultValue, key1, value1, key2, value2, …): a missing source gets the default.
            let source = argument(0)
            var index = 2
            while index + 1 < arguments.count {
                if let source, argument(index)?.caseInsensitiveCompare(source) == .orderedSame {
                    return argument(index + 1)
                }
                index += 2
            }
            return argument(1)
        case "not":
            guard let value = argument(0) else { return nil }
            switch value.lowercased() {
            case "true": return "False"
            case "false": return "True"
            default: return nil
            }
        case "ignoreflowifnullorempty":
            guard let value = argument(0), !value.isEmpty else { return nil }
            return value
        case "coalesce":
            for index in arguments.indices {
                if let value = argument(index), !value.isEmpty { return value }
            }
            return nil
        case "join":
            let parts = arguments.indices.dropFirst().compactMap { argument($0) }
            return parts.isEmpty ? nil : parts.joined(separator: argument(0) ?? "")
        case "tolower", "toupper":
            let culture = argument(1)?.split(whereSeparator: { $0 == "-" || $0 == "_" }).first?.lowercased()
            return argument(0).map {
                simpleCased($0, lower: name.lowercased() == "tolower", turkic: culture == "tr" || culture == "az")
            }
        default: return argument(0)
        }
    }
}

extension MappingExpression {
    /// Graph's JSON for the expression (`expression`, `name`, `parameters`, `type`).
    var json: JSON {
        switch self {
        case .attribute(let name):
            return .object(["expression": .string(text), "name": .string(name), "parameters": [], "type": "Attribute"])
        case .constant(let value):
            return .object(["expression": .string(text), "name": .string(value), "parameters": [], "type": "Constant"])
        case .function(let name, let parameters):
            let items = parameters.map { JSON.object(["key": .string($0.key), "value": $0.value.json]) }
            return .object([
                "expression": .string(text), "name": .string(name), "parameters": .array(items), "type": "Function",
            ])
        }
    }

    /// Parses an `attributeMappingSource`; `path` names it in the error (e.g. `…attributeMappings[3].source`).
    static func parse(_ value: JSON, path: String) throws(SchemaError) -> MappingExpression {
        guard value.isObject else { throw SchemaError("\(path) must be an object (an attributeMappingSource).") }
        guard let name = value["name"]?.stringValue else { throw SchemaError("\(path).name must be a string.") }
        switch value["type"]?.stringValue {
        case "Attribute":
            guard !name.isEmpty else { throw SchemaError("\(path).name must name a source attribute.") }
            return .attribute(name)
        case "Constant":
            return .constant(name)
        case "Function":
            guard !name.isEmpty else { throw SchemaError("\(path).name must name a function.") }
            guard let items = (value["parameters"] ?? .array([])).arrayValue else {
                throw SchemaError("\(path).parameters must be an array.")
            }
            var parameters: [Parameter] = []
            for (index, item) in items.enumerated() {
                let itemPath = "\(path).parameters[\(index)]"
                guard let inner = item["value"] else { throw SchemaError("\(itemPath).value is missing.") }
                let key = item["key"]?.stringValue ?? ""
                parameters.append(Parameter(key: key, value: try parse(inner, path: "\(itemPath).value")))
            }
            return .function(name, parameters)
        default:
            let shown = value["type"].map { $0.stringValue.map { "'\($0)'" } ?? $0.kindName } ?? "missing"
            throw SchemaError("\(path).type is \(shown); use Attribute, Constant or Function.")
        }
    }
}

extension MappingExpression {
    /// ToUpper/ToLower as the service evaluates them: each character to exactly one (Unicode's simple case mapping,
    /// code point by code point as .NET does), so `straße` → `STRAßE`, `İ` → `i`, `Σ` → `σ` anywhere; with a tr or az
    /// culture `i` → `İ` and `I` → `ı`. The emulator does not share the client's code: it is built to the service's
    /// facts on its own.
    static func simpleCased(_ text: String, lower: Bool, turkic: Bool) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if turkic, lower ? scalar == "I" : scalar == "i" {
                result.append(lower ? "\u{131}" : "\u{130}")
                continue
            }
            let properties = scalar.properties
            guard lower ? properties.changesWhenLowercased : properties.changesWhenUppercased else {
                result.append(scalar)
                continue
            }
            if lower, scalar == "\u{130}" {
                result.append("i")
                continue
            }
            // A full mapping of one scalar is the simple one; else the title-case mapping (Greek letters with a
            // subscript iota); else there is no simple mapping (ß, ﬁ) and the letter stays.
            let candidates =
                lower ? [properties.lowercaseMapping] : [properties.uppercaseMapping, properties.titlecaseMapping]
            let single = candidates.first { $0.unicodeScalars.count == 1 }?.unicodeScalars.first
            result.append(single ?? scalar)
        }
        return String(result)
    }
}
