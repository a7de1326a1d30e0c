import Basics
import Expressions
import JSONDocument
import SCIM

/// What loading a mapping found besides its rules: every error (so one run shows them all) and the warnings.
final class MappingProblems {
    var errors: [MappingError] = []
    var warnings: [MappingWarning] = []
}

/// Parses one `"path": value` entry of a mapping file into a rule, naming the field on every error. A structural
/// problem ends the entry (thrown); missing columns and expression errors are collected and parsing goes on, so
/// that every one of them is reported at once.
struct MappingEntryParser {
    let file: String
    let field: String
    /// The entry's key as written (the attribute path), for the problem's report entry.
    let key: String
    let columns: ColumnResolver
    let problems: MappingProblems
    /// Where the job provisions to, when known.
    var directory: TargetDirectory?

    func parse(_ value: JSON, path: AttributePath) throws(MappingError) -> ValueRule {
        switch value {
        case .string(let column):
            return ValueRule(path: path, source: .column(index: columnIndex(column), name: column))
        case .bool, .number:
            return ValueRule(path: path, source: .constant(try checkedConstant(value, path: path)))
        case .object(let entry):
            return try parseObject(entry, path: path)
        case .null, .array:
            throw fail(
                "must be a column name, a constant, or an object with \"column\", \"constant\", \"template\" "
                    + "or \"expression\"")
        }
    }

    private func parseObject(_ entry: [JSONMember], path basePath: AttributePath) throws(MappingError) -> ValueRule {
        for key in entry.keys where !MappingFile.entryKeys.contains(key) {
            let hint = ClosestMatch.find(key, in: MappingFile.entryKeys).map { "; did you mean \"\($0)\"?" } ?? ""
            throw fail("unknown key \"\(key)\"\(hint)")
        }
        var path = basePath
        if case .string(let typeName)? = entry["type"] {
            guard let type = SCIMSchema.ValueType(rawValue: typeName) else {
                let types = SCIMSchema.ValueType.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail("type \"\(typeName)\" is not one of \(types)")
            }
            if path.isCustom {
                path = path.with(valueType: type)
            } else if type != path.valueType {
                throw fail(
                    "\(path) is a \(path.valueType.rawValue) in the SCIM schema; only custom attributes take a "
                        + "\"type\"")
            }
        } else if entry["type"] != nil {
            throw fail("\"type\" must be a string")
        }
        let sources = ["column", "constant", "template", "expression"].filter { entry[$0] != nil }
        guard sources.count == 1 else {
            throw fail(
                sources.isEmpty
                    ? "needs one of \"column\", \"constant\", \"template\" or \"expression\""
                    : "has both \(sources.map { "\"\($0)\"" }.joined(separator: " and ")); give one")
        }
        let source: ValueRule.Source
        switch sources[0] {
        case "column":
            guard case .string(let name)? = entry["column"] else { throw fail("\"column\" must be a string") }
            source = .column(index: columnIndex(name), name: name)
        case "constant":
            source = .constant(try checkedConstant(entry["constant"]!, path: path))
        case "expression":
            guard case .string(let text)? = entry["expression"] else {
                throw fail("\"expression\" must be a string, e.g. \"Join(\\\".\\\", [FirstName], [LastName])\"")
            }
            for key in ["lookup", "default", "transform"] where entry[key] != nil {
                throw fail(
                    "\"\(key)\" goes with \"column\" or \"template\"; an expression has its own functions "
                        + "(Switch for a lookup, ToLower, NormalizeDiacritics, Trim)")
            }
            source = compileExpression(text, path: path, dateFormat: entry["format"]?.stringValue)
        default:
            guard case .string(let template)? = entry["template"] else { throw fail("\"template\" must be a string") }
            source = .template(try parseTemplate(template))
        }
        var lookup: [String: JSON]?
        if let table = entry["lookup"] {
            guard case .object(let object) = table else {
                throw fail("\"lookup\" must be an object of input text to value")
            }
            lookup = Dictionary(object.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            for value in object.map(\.value) { _ = try checkedConstant(value, path: path) }
        }
        if entry["default"] != nil && lookup == nil { throw fail("\"default\" only goes with \"lookup\"") }
        let lookupDefault = try entry["default"].map { value throws(MappingError) in
            try checkedConstant(value, path: path)
        }
        var dateFormat: String?
        if let format = entry["format"] {
            guard case .string(let text) = format, path.valueType == .dateTime else {
                throw fail("\"format\" is the input date format of a dateTime attribute (\"type\": \"dateTime\")")
            }
            dateFormat = text
        }
        return ValueRule(
            path: path, source: source, transforms: try parseTransforms(entry["transform"]), lookup: lookup,
            lookupDefault: lookupDefault, dateFormat: dateFormat)
    }

    private func parseTransforms(_ value: JSON?) throws(MappingError) -> [ValueRule.Transform] {
        let names: [JSON]
        switch value {
        case nil: return []
        case .string?: names = [value!]
        case .array(let items)?: names = items
        default: throw fail("\"transform\" must be a name or a list of names")
        }
        var transforms: [ValueRule.Transform] = []
        for name in names {
            let valid = ValueRule.Transform.allCases.map(\.rawValue)
            guard case .string(let text) = name, let transform = ValueRule.Transform(rawValue: text) else {
                let hint =
                    name.stringValue.flatMap { ClosestMatch.find($0, in: valid) }
                    .map { "; did you mean \"\($0)\"?" } ?? ""
                let shown = name.stringValue.map { "\"\($0)\"" } ?? "value"
                throw fail("unknown transform \(shown)\(hint) (known: \(valid.joined(separator: ", ")))")
            }
            transforms.append(transform)
        }
        return transforms
    }

    /// `{Column}` references, `{{` and `}}` for literal braces.
    private func parseTemplate(_ template: String) throws(MappingError) -> [ValueRule.TemplatePart] {
        var parts: [ValueRule.TemplatePart] = []
        var text = ""
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            if character == "{", next < template.endIndex, template[next] == "{" {
                text.append("{")
                index = template.index(after: next)
                continue
            }
            if character == "}", next < template.endIndex, template[next] == "}" {
                text.append("}")
                index = template.index(after: next)
                continue
            }
            if character == "{" {
                guard let close = template[next...].firstIndex(of: "}") else {
                    throw fail("template has a '{' without a closing '}'")
                }
                let name = String(template[next..<close])
                if !text.isEmpty {
                    parts.append(.text(text))
                    text = ""
                }
                parts.append(.column(index: columnIndex(name, quoted: "{\(name)}"), name: name))
                index = template.index(after: close)
                continue
            }
            if character == "}" {
                throw fail("template has a '}' without an opening '{' (write '}}' for a literal brace)")
            }
            text.append(character)
            index = next
        }
        if !text.isEmpty { parts.append(.text(text)) }
        guard parts.contains(where: { if case .column = $0 { true } else { false } }) else {
            throw fail("template references no column; use \"constant\" for fixed text")
        }
        return parts
    }

    private func checkedConstant(_ value: JSON, path: AttributePath) throws(MappingError) -> JSON {
        switch value {
        case .array, .object: throw fail("a constant must be a string, boolean, number or null")
        default:
            do {
                return try ValueConverter().convert(value, to: path.valueType, dateFormat: nil)
            } catch {
                if case .invalid(let reason) = error {
                    throw fail("\(reason) (\(path) is a \(path.valueType.rawValue))")
                }
                throw fail("invalid constant")
            }
        }
    }

    /// The column's index; a missing column is recorded (with a "did you mean") and parsing goes on.
    private func columnIndex(_ name: String, quoted: String? = nil) -> Int {
        switch columns.index(of: name, quoted: quoted ?? "\"\(name)\"") {
        case .success(let index): return index
        case .failure(let miss):
            problems.errors.append(fail(miss.message, kind: "missingColumn", suggestion: miss.suggestion))
            return 0
        }
    }

    func fail(_ message: String, kind: String = "badEntry", suggestion: String? = nil) -> MappingError {
        .mappingFile(
            path: file, field: field, message: message,
            detail: .init(kind: kind, attribute: key, suggestion: suggestion))
    }
}
