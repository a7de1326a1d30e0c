import Graph
import SCIM

/// What a mapping sends compared with a job's schema: the attributes it sends that the schema lacks (which the
/// service drops without a word, docs/service.md "How the service treats records"), each with the definition it
/// needs, and the schema's attributes that flow to no Entra attribute.
package struct SchemaDiff: Sendable {
    /// A source attribute the mapping sends and the schema lacks; `path` is the mapping's path that sends it.
    package struct Missing: Sendable, Equatable {
        package let attribute: JobSchema.Attribute
        package let path: String
    }

    package let missing: [Missing]
    /// Schema attributes that no attribute mapping reads.
    package let flowingNowhere: [JobSchema.Attribute]

    package init(sending paths: [AttributePath], schema: JobSchema) {
        var seen: Set<String> = []
        var missing: [Missing] = []
        for path in paths {
            guard let attribute = Self.sourceAttribute(of: path), seen.insert(attribute.name.lowercased()).inserted,
                schema.attribute(named: attribute.name) == nil
            else { continue }
            missing.append(Missing(attribute: attribute, path: path.description))
        }
        self.missing = missing
        flowingNowhere = schema.attributes.filter { schema.targets(of: $0.name).isEmpty }
    }

    /// The new schema: the missing attributes added to the source object, nothing else changed.
    package func applied(to schema: JobSchema) throws(JobSchemaError) -> JobSchema {
        try schema.adding(missing.map(\.attribute))
    }

    /// The source attribute a SCIM path fills, named as the schema names it: `name.givenName`,
    /// `emails[type eq "work"].value`, `<urn>:<attribute>`; the enterprise `manager` is one reference. Nil for an
    /// entry's `type` and `primary`, which are the entry's structure, not attributes.
    package static func sourceAttribute(of path: AttributePath) -> JobSchema.Attribute? {
        if path.entryType != nil, let sub = path.subAttribute, sub == "type" || sub == "primary" { return nil }
        if let schema = path.schema, schema.caseInsensitiveCompare(SCIMSchema.enterpriseUser) == .orderedSame,
            path.attribute == "manager"
        {
            return JobSchema.Attribute(name: "\(SCIMSchema.enterpriseUser):manager", type: "Reference")
        }
        let type: String
        switch path.valueType {
        case .string: type = "String"
        case .boolean: type = "Boolean"
        case .integer: type = "Integer"
        case .dateTime: type = "DateTime"
        }
        // One value per path: an entry picked by its type (`phoneNumbers[type eq "mobile"].value`) is single-valued,
        // as the default schema's own `emails[type eq "work"].value` is.
        return JobSchema.Attribute(name: path.description, type: type, multivalued: false)
    }

    /// `urn:…:HireDate (DateTime), phoneNumbers[type eq "mobile"].value (String)`.
    package var missingList: String {
        missing.map { item in
            "\(item.attribute.name) (\(item.attribute.type)\(item.attribute.multivalued ? ", multi-valued" : ""))"
        }.joined(separator: ", ")
    }
}
