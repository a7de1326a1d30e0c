import Foundation
import JSONDocument

extension JobSchema {
    /// The schema with `new` added to the source object's attribute list, each defined as Microsoft's CSV2SCIM
    /// script defines a custom attribute (docs/service.md, "The schema"). Attributes already there (any case) are
    /// left alone; nothing is removed or reordered.
    package func adding(_ new: [Attribute]) throws(JobSchemaError) -> JobSchema {
        let missing = new.filter { attribute(named: $0.name) == nil }
        guard !missing.isEmpty else { return self }
        guard var directories = document["directories"]?.arrayValue, var objects = directories[0]["objects"]?.arrayValue
        else { throw JobSchemaError("directories[0].objects is missing") }
        let object = objects[objectIndex]
        let list = (object["attributes"]?.arrayValue ?? []) + missing.map(Self.definition)
        objects[objectIndex] = object.setting("attributes", to: .array(list))
        directories[0] = directories[0].setting("objects", to: .array(objects))
        return try JobSchema(document: document.setting("directories", to: .array(directories)))
    }

    /// An `attributeDefinition`: read-write, not an anchor, case-insensitive, not required, no null flow.
    static func definition(_ attribute: Attribute) -> JSON {
        .object([
            "anchor": false, "apiExpressions": [], "caseExact": false, "defaultValue": nil, "flowNullValues": false,
            "metadata": [], "multivalued": .bool(attribute.multivalued), "mutability": "ReadWrite",
            "name": .string(attribute.name), "referencedObjects": [], "required": false,
            "type": .string(attribute.type),
        ])
    }
}
