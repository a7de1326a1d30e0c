import Foundation

/// A JSON document as received: object members keep their order and numbers keep their exact text, so a document
/// read and written back is the same document (the client's `PUT …/schema` of a schema it read; the emulator echoing
/// what a client sent).
package enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's literal text, e.g. `701984` or `1.5e3`.
    case number(String)
    case string(String)
    case array([JSON])
    case object([JSONMember])

    /// Looks up an object member; the last one wins when a key repeats. Nil for non-objects.
    package subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    package var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    package var arrayValue: [JSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    package var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The object's members; nil for non-objects.
    package var members: [JSONMember]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The object with member `key` set to `value` (replaced where it is, else appended); non-objects are unchanged.
    package func setting(_ key: String, to value: JSON) -> JSON {
        guard var members else { return self }
        if let index = members.lastIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append(JSONMember(key, value))
        }
        return .object(members)
    }

    package var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    /// A readable name of the kind of value, for error messages.
    package var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One `"key": value` pair of a JSON object.
package struct JSONMember: Sendable, Equatable {
    package var key: String
    package var value: JSON
    package init(_ key: String, _ value: JSON) {
        self.key = key
        self.value = value
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    package init(stringLiteral value: String) { self = .string(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(integerLiteral value: Int) { self = .number(String(value)) }
    package init(arrayLiteral elements: JSON...) { self = .array(elements) }
    package init(nilLiteral: ()) { self = .null }

    /// Builds an object keeping the members in the order given.
    package static func object(_ pairs: KeyValuePairs<String, JSON>) -> JSON {
        .object(pairs.map { JSONMember($0.key, $0.value) })
    }

    package static func number(_ value: Int) -> JSON { .number(String(value)) }

    /// A string, or JSON null when absent.
    package static func optional(_ text: String?) -> JSON { text.map(JSON.string) ?? .null }
}
