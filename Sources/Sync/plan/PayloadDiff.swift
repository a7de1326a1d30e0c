import Foundation
import JSONDocument
import SCIM

/// What changed between the payload last accepted for a person and today's, attribute by attribute, named by the
/// SCIM paths an admin writes in a mapping (`name.givenName`, `emails[type eq "work"].value`,
/// `urn:…:enterprise:2.0:User:department`).
package enum PayloadDiff {
    /// One attribute's old and new value (nil: absent), as display text.
    package struct Change: Codable, Sendable, Equatable {
        package let attribute: String
        package let old: String?
        package let new: String?

        package init(attribute: String, old: String?, new: String?) {
            self.attribute = attribute
            self.old = old
            self.new = new
        }
    }

    /// The changed attributes, in a stable order (by path).
    package static func changes(old: [UInt8], new: [UInt8]) -> [Change] {
        let before = flatten(old)
        let after = flatten(new)
        return Set(before.keys).union(after.keys).sorted().compactMap { path in
            before[path] == after[path] ? nil : Change(attribute: path, old: before[path], new: after[path])
        }
    }

    /// Every leaf of a SCIM user payload by path; `schemas` is left out (it follows from the attributes).
    static func flatten(_ bytes: [UInt8]) -> [String: String] {
        guard case .object(let object)? = try? JSON.parse(bytes).canonical else {
            return [:]
        }
        var leaves: [String: String] = [:]
        for member in object where member.key != "schemas" {
            let (key, value) = (member.key, member.value)
            // An extension's attributes are named `urn:…:User:attribute`.
            let separator = key.hasPrefix("urn:") ? ":" : "."
            add(value, at: key, separator: separator, into: &leaves)
        }
        return leaves
    }

    private static func add(_ value: JSON, at path: String, separator: String, into leaves: inout [String: String]) {
        switch value {
        case .object(let object):
            for member in object { add(member.value, at: path + separator + member.key, separator: ".", into: &leaves) }
        case .array(let items):
            for (offset, item) in items.enumerated() {
                // Multi-valued entries are told apart by their type, as the mapping names them.
                if case .object(let entry) = item, let type = entry["type"]?.stringValue {
                    for member in entry where member.key != "type" {
                        add(
                            member.value, at: "\(path)[type eq \"\(type)\"].\(member.key)", separator: ".",
                            into: &leaves)
                    }
                } else {
                    add(item, at: "\(path)[\(offset)]", separator: ".", into: &leaves)
                }
            }
        case .string(let text): leaves[path] = text
        // Canonical numbers: an integer's text, else the shortest that reads back the same.
        case .number(let text): leaves[path] = text
        case .bool(let flag): leaves[path] = String(flag)
        case .null: leaves[path] = "null"
        }
    }
}
