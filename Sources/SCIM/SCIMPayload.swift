import JSONDocument

/// A user's encoded `data` object read back: the value at an attribute path (what a plan compares with the
/// directory), and the same object with one value replaced where it stands, so that the bytes are exactly what
/// encoding the record with that value gives (the canonical layout depends on which attributes are present, never on
/// their values).
package struct SCIMPayload: Sendable {
    package private(set) var object: JSON

    /// Nil when the bytes are not a JSON object.
    package init?(_ bytes: [UInt8]) {
        guard let object = try? JSON.parse(bytes), object.isObject else { return nil }
        self.object = object
    }

    package var bytes: [UInt8] { JSONWriter.encode(object) }

    /// The value at `path`, nil when the record has none.
    package func value(at path: AttributePath) -> JSON? {
        guard let holder = Self.holder(of: path, in: object) else { return nil }
        return path.subAttribute.map { holder[$0] } ?? holder
    }

    /// Replaces the value at `path`, which the record must have; false (and nothing changed) when it has none.
    package mutating func replace(_ path: AttributePath, with value: JSON) -> Bool {
        guard self.value(at: path) != nil, case .object(var members) = object else { return false }
        let top = path.schema ?? path.attribute
        guard let outer = members[top] else { return false }
        let replaced: JSON?
        if path.schema != nil {
            replaced = Self.replacing(path.attribute, sub: path.subAttribute, in: outer, with: value)
        } else if let type = path.entryType, let sub = path.subAttribute {
            guard var entries = outer.arrayValue,
                let index = entries.firstIndex(where: { $0["type"]?.stringValue == type })
            else { return false }
            entries[index] = entries[index].setting(sub, to: value)
            replaced = .array(entries)
        } else if let sub = path.subAttribute {
            replaced = outer.setting(sub, to: value)
        } else {
            replaced = value
        }
        guard let replaced else { return false }
        members[top] = replaced
        object = .object(members)
        return true
    }

    /// The object holding the value of `path` (the value itself for a path without a sub-attribute).
    private static func holder(of path: AttributePath, in object: JSON) -> JSON? {
        if let schema = path.schema {
            return object[schema]?[path.attribute]
        }
        if let type = path.entryType {
            return object[path.attribute]?.arrayValue?.first { $0["type"]?.stringValue == type }
        }
        return object[path.attribute]
    }

    private static func replacing(_ attribute: String, sub: String?, in block: JSON, with value: JSON) -> JSON? {
        guard let inner = block[attribute] else { return nil }
        return block.setting(attribute, to: sub.map { inner.setting($0, to: value) } ?? value)
    }
}
