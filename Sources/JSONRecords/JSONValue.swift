/// One value of a flattened JSON record: a scalar with its JSON type, or an empty object or array (which has no
/// scalar below it, yet is not the same as an absent key).
///
/// Numbers keep their text as written (`123`, `1.50`, `12345678901234567890`): nothing is rounded through a Double,
/// and an ID that arrives as the string `"00123"` stays a string. A mapping converts values; the reader never does.
package enum JSONValue: Sendable, Hashable {
    case string(String)
    /// The number's text exactly as in the file (valid JSON number syntax).
    case number(String)
    case bool(Bool)
    case null
    /// `{}`: present, holding nothing.
    case emptyObject
    /// `[]`: present, holding nothing.
    case emptyArray

    /// The value as text where it has one: a string as is, a number's text, `true`/`false`; nil for null and for an
    /// empty object or array.
    package var text: String? {
        switch self {
        case .string(let text), .number(let text): text
        case .bool(let value): value ? "true" : "false"
        case .null, .emptyObject, .emptyArray: nil
        }
    }

    /// What a message calls it: "a string", "a number", "true", "null", "an empty object", …
    package var kind: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .emptyObject: "an empty object"
        case .emptyArray: "an empty array"
        }
    }
}

/// One leaf of a record: its dotted path (`job.title`, `phones.0.number`) and its value.
package struct JSONField: Sendable, Hashable {
    package let path: String
    package let value: JSONValue

    package init(path: String, value: JSONValue) {
        self.path = path
        self.value = value
    }
}

/// One record: a JSON object flattened to dotted paths, in the order its values appear, with where it came from.
///
/// Nested objects give `job.title`; array elements are numbered from 0, `phones.0.number`; a key holding a dot keeps
/// it (`@odata.type`). A key that is present with `null` is a field with `.null`; an absent key is no field at all.
package struct JSONRecord: Sendable, Equatable {
    /// 0-based position among the file's (or the page's) records.
    package let index: Int
    /// The line on which the record's `{` stands (1-based).
    package let line: Int
    package let fields: [JSONField]
    /// The record as compact JSON on one line (no insignificant whitespace, strings re-escaped minimally, numbers as
    /// written), when the reader was asked to keep it (`JSONReaderOptions.keepsText`): what a snapshot or a file of
    /// failed records holds.
    package let text: [UInt8]?
    /// The record's own JSON path: `$[3]`, `$.Report_Entry[3]`, or `$` for a line of NDJSON.
    package let jsonPath: String
    /// The exact JSON path of fields whose dotted path cannot be read back unambiguously (a key holding a dot or made
    /// of digits); usually empty.
    let exactPaths: [String: String]

    init(index: Int, line: Int, fields: [JSONField], text: [UInt8]?, jsonPath: String, exactPaths: [String: String]) {
        self.index = index
        self.line = line
        self.fields = fields
        self.text = text
        self.jsonPath = jsonPath
        self.exactPaths = exactPaths
    }

    /// 1-based, as messages count records.
    package var position: Int { index + 1 }

    /// The value at a dotted path, or nil when the record has no such field.
    package subscript(path: String) -> JSONValue? {
        fields.first { $0.path == path }?.value
    }

    /// The JSON path of one of this record's fields, for messages: `phones.0.number` of `$.Report_Entry[3]` is
    /// `$.Report_Entry[3].phones[0].number`.
    package func jsonPath(of path: String) -> String {
        if let exact = exactPaths[path] { return exact }
        return Self.jsonPath(of: path, in: jsonPath)
    }

    /// The JSON path of the dotted `path` below the record at `base` (`$.Report_Entry[3]`), reading every segment of
    /// digits as an array index: what a message names when the record itself is no longer at hand.
    package static func jsonPath(of path: String, in base: String) -> String {
        var result = base
        for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
            if !segment.isEmpty, segment.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                result += "[\(segment)]"
            } else {
                result += JSONPathText.member(String(segment))
            }
        }
        return result
    }
}

/// JSON paths as messages write them (RFC 9535 normalized paths, with dot notation where a name allows it).
enum JSONPathText {
    /// `.name`, or `['name']` for a name that is not a plain identifier.
    static func member(_ name: String) -> String {
        let bytes = name.utf8
        let plain =
            !bytes.isEmpty && !(bytes.first! >= 0x30 && bytes.first! <= 0x39)
            && bytes.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x5F
            }
        if plain { return "." + name }
        var escaped = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "'": escaped += "\\'"
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20:
                escaped +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "['" + escaped + "']"
    }
}
