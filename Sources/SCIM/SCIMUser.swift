import JSONDocument

/// Builds one user's `data` object from attribute values, in a canonical key order so that the same values always
/// serialise to the same bytes whatever order the columns or mapping entries came in.
package struct SCIMUser: Sendable {
    private var core = [JSONMember]()
    /// Multi-valued entries by attribute, then by entry type.
    private var entries: [String: [(type: String, object: [JSONMember])]] = [:]
    private var extensions: [(urn: String, object: [JSONMember])] = []

    package init() {}

    /// Sets the value at `path`; `.null` is kept (an explicit clear, `--empty-as-null`).
    package mutating func set(_ path: AttributePath, _ value: JSON) {
        if let schema = path.schema {
            let index =
                extensions.firstIndex { $0.urn == schema }
                ?? {
                    extensions.append((schema, [JSONMember]()))
                    return extensions.count - 1
                }()
            Self.assign(&extensions[index].object, attribute: path.attribute, sub: path.subAttribute, value: value)
        } else if let type = path.entryType, let sub = path.subAttribute {
            // Taken out and put back so the array is uniquely referenced and grows in place (no copy per column).
            var list = entries.removeValue(forKey: path.attribute) ?? []
            let index =
                list.firstIndex { $0.type == type }
                ?? {
                    list.append((type, [JSONMember("type", .string(type))]))
                    return list.count - 1
                }()
            list[index].object[sub] = value
            entries[path.attribute] = list
        } else {
            Self.assign(&core, attribute: path.attribute, sub: path.subAttribute, value: value)
        }
    }

    package func value(at path: AttributePath) -> JSON? {
        if let schema = path.schema {
            guard let object = extensions.first(where: { $0.urn == schema })?.object else { return nil }
            return Self.lookup(object, attribute: path.attribute, sub: path.subAttribute)
        }
        if let type = path.entryType, let sub = path.subAttribute {
            return entries[path.attribute]?.first { $0.type == type }?.object[sub]
        }
        return Self.lookup(core, attribute: path.attribute, sub: path.subAttribute)
    }

    /// The extension URNs this user carries values for, enterprise first.
    package var extensionSchemas: [String] {
        extensions.map(\.urn).sorted { lhs, rhs in
            lhs == SCIMSchema.enterpriseUser
                ? rhs != SCIMSchema.enterpriseUser : (rhs == SCIMSchema.enterpriseUser ? false : lhs < rhs)
        }
    }

    /// The `data` object: `schemas` (core, enterprise as the service requires, then custom namespaces in use),
    /// core attributes in schema order, then extension blocks.
    package func dataObject() -> [JSONMember] {
        var data = [JSONMember]()
        var schemas: [JSON] = [.string(SCIMSchema.coreUser), .string(SCIMSchema.enterpriseUser)]
        schemas += extensionSchemas.filter { $0 != SCIMSchema.enterpriseUser }.map { .string($0) }
        data["schemas"] = .array(schemas)
        for (name, shape) in SCIMSchema.coreAttributes {
            switch shape {
            case .simple:
                if let value = core[name] { data[name] = value }
            case .complex(let order):
                if case .object(var object)? = core[name] {
                    object.sort(by: order)
                    data[name] = .object(object)
                }
            case .multiValued(let order):
                guard let list = entries[name] else { continue }
                // Entries with nothing but type/primary carry no value: a blank column must not send `{"type":"work"}`.
                let meaningful = list.filter { entry in entry.object.keys.contains { $0 != "type" && $0 != "primary" } }
                guard !meaningful.isEmpty else { continue }
                let sorted = meaningful.sorted { lhs, rhs in
                    lhs.type == "work" ? rhs.type != "work" : (rhs.type == "work" ? false : lhs.type < rhs.type)
                }
                data[name] = .array(
                    sorted.map { entry in
                        var object = entry.object
                        object.sort(by: order)
                        return .object(object)
                    })
            }
        }
        for urn in extensionSchemas {
            guard var object = extensions.first(where: { $0.urn == urn })?.object, !object.isEmpty else { continue }
            if urn == SCIMSchema.enterpriseUser {
                object.sort(by: SCIMSchema.enterpriseAttributes.map(\.name))
                if case .object(var manager)? = object["manager"] {
                    manager.sort(by: ["value", "displayName", "$ref"])
                    object["manager"] = .object(manager)
                }
            } else {
                object.sort(by: object.keys.sorted())
            }
            data[urn] = .object(object)
        }
        return data
    }

    private static func assign(_ object: inout [JSONMember], attribute: String, sub: String?, value: JSON) {
        guard let sub else {
            object[attribute] = value
            return
        }
        var inner = object[attribute]?.members ?? [JSONMember]()
        object[attribute] = .null  // drop the stored copy so `inner` is uniquely referenced
        inner[sub] = value
        object[attribute] = .object(inner)
    }

    private static func lookup(_ object: [JSONMember], attribute: String, sub: String?) -> JSON? {
        guard let sub else { return object[attribute] }
        return object[attribute]?.members?[sub]
    }
}
