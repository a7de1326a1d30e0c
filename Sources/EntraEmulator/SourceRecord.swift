import Foundation
import JSONDocument

/// A record's `data` flattened to the attribute names a synchronization schema uses, split into the attributes the
/// job's schema has (which the mappings can read) and the ones it lacks (which the service drops without a word).
///
/// Naming: `name.givenName` for sub-attributes; `emails[type eq "work"].value` for entries of multi-valued attributes
/// (`type` and `primary` of an entry are structure, not attributes); `urn:…:User:department` for extension
/// attributes; an object with a `value` (the enterprise `manager`) is one reference attribute holding that value.
/// Null and empty values are skipped: the service ignores them unless "flow null values" is on.
struct SourceRecord: Sendable {
    /// Values of the attributes the schema has, by lower-cased name.
    private(set) var values: [String: String] = [:]
    /// Attributes the record carries that the schema lacks, as sent, in record order.
    private(set) var ignored: [String] = []

    init(_ data: JSON, schema: SynchronizationSchema) {
        var leaves: [(String, String)] = []
        Self.flatten(data, into: &leaves)
        var seenIgnored: Set<String> = []
        for (name, value) in leaves {
            let key = name.lowercased()
            if schema.sourceAttribute(name) != nil {
                values[key] = value  // A repeated key: the last one wins, as in every JSON look-up here.
            } else if seenIgnored.insert(key).inserted {
                ignored.append(name)
            }
        }
    }

    /// The value of source attribute `name` (any case), or nil when the record has none.
    func value(_ name: String) -> String? { values[name.lowercased()] }

    private static func flatten(_ data: JSON, into leaves: inout [(String, String)]) {
        guard case .object(let members) = data else { return }
        for member in members where member.key != "schemas" {
            if member.key.contains(":"), case .object(let extensionMembers) = member.value {
                // An extension namespace: its attributes are named `<urn>:<attribute>`.
                for inner in extensionMembers { visit(inner.value, path: "\(member.key):\(inner.key)", into: &leaves) }
            } else {
                visit(member.value, path: member.key, into: &leaves)
            }
        }
    }

    private static func visit(_ value: JSON, path: String, into leaves: inout [(String, String)]) {
        switch value {
        case .null: return
        case .bool(let flag): leaves.append((path, flag ? "True" : "False"))
        case .number(let text): leaves.append((path, text))
        case .string(let text): if !text.isEmpty { leaves.append((path, text)) }
        case .object(let members):
            if let reference = value["value"],
                members.allSatisfy({ ["value", "displayName", "$ref"].contains($0.key) })
            {
                visit(reference, path: path, into: &leaves)
                return
            }
            for member in members { visit(member.value, path: "\(path).\(member.key)", into: &leaves) }
        case .array(let items):
            for item in items {
                guard case .object(let members) = item else {
                    visit(item, path: path, into: &leaves)
                    continue
                }
                let entry = item["type"]?.stringValue.map { "\(path)[type eq \"\($0)\"]" } ?? path
                for member in members where member.key != "type" && member.key != "primary" {
                    visit(member.value, path: "\(entry).\(member.key)", into: &leaves)
                }
            }
        }
    }
}
