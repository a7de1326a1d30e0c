import Foundation
import JSONDocument
import Testing

@testable import EntraEmulator

@Suite struct SchemaEndpointTests {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    /// The attribute list of directory `directory`'s first object.
    static func attributes(_ schema: JSON, directory: Int) -> [JSON] {
        schema["directories"]?.arrayValue?[directory]["objects"]?.arrayValue?.first?["attributes"]?.arrayValue ?? []
    }

    static func mappings(_ schema: JSON) -> [JSON] {
        schema["synchronizationRules"]?.arrayValue?.first?["objectMappings"]?.arrayValue?.first?["attributeMappings"]?
            .arrayValue ?? []
    }

    /// The default schema's source attribute (source type Attribute) flowing to each target.
    static func sources(_ schema: JSON) -> [String: String] {
        var result: [String: String] = [:]
        for mapping in mappings(schema) {
            guard let target = mapping["targetAttributeName"]?.stringValue else { continue }
            result[target] =
                mapping["source"]?["type"] == "Attribute"
                ? mapping["source"]?["name"]?.stringValue : mapping["source"]?["expression"]?.stringValue
        }
        return result
    }

    @Test func defaultSchemaIsShapedLikeGraphsAPIToEntraSchema() throws {
        let harness = try Harness()
        let response = try harness.schema()
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("application/json;odata.metadata=minimal") == true)
        let schema = try #require(response.json)
        #expect(
            schema["@odata.context"]?.stringValue?.hasSuffix("/synchronization/jobs('\(Harness.jobID)')/schema/$entity")
                == true)
        #expect(schema["id"] == .string(Harness.jobID))
        #expect(schema["version"] == "1")
        let directories = try #require(schema["directories"]?.arrayValue)
        #expect(directories.map { $0["name"] } == ["API", "Azure Active Directory"])
        #expect(directories[0]["objects"]?.arrayValue?.first?["name"] == .string(Self.enterprise))
        let source = Self.attributes(schema, directory: 0)
        let byName = Dictionary(
            source.compactMap { a in a["name"]?.stringValue.map { ($0, a) } }, uniquingKeysWith: { a, _ in a })
        for name in [
            "externalId", "userName", "active", "displayName", "name.givenName", "name.familyName", "title",
            #"emails[type eq "work"].value"#, #"addresses[type eq "work"].locality"#, "\(Self.enterprise):department",
            "\(Self.enterprise):employeeNumber", "\(Self.enterprise):manager",
        ] {
            #expect(byName[name] != nil, "missing source attribute \(name)")
        }
        #expect(byName["active"]?["type"] == "Boolean")
        #expect(byName["\(Self.enterprise):manager"]?["type"] == "Reference")
        #expect(byName["\(Self.enterprise):manager"]?["referencedObjects"]?.arrayValue?.count == 1)
        #expect(byName["externalId"]?["anchor"] == .bool(true))
        for attribute in source {
            for key in [
                "name", "type", "multivalued", "flowNullValues", "mutability", "anchor", "caseExact", "required",
                "apiExpressions", "metadata", "referencedObjects",
            ] {
                #expect(attribute[key] != nil, "\(attribute["name"]?.stringValue ?? "?") has no \(key)")
            }
            #expect(SchemaShape.attributeTypes.contains(attribute["type"]?.stringValue ?? ""))
        }
        let rule = try #require(schema["synchronizationRules"]?.arrayValue?.first)
        #expect(rule["sourceDirectoryName"] == "API" && rule["targetDirectoryName"] == "Azure Active Directory")
        let objectMapping = try #require(rule["objectMappings"]?.arrayValue?.first)
        #expect(
            objectMapping["sourceObjectName"] == .string(Self.enterprise) && objectMapping["targetObjectName"] == "User"
        )
        #expect(objectMapping["name"] == .string("Provision API \(Self.enterprise)s"))
        let sources = Self.sources(schema)
        #expect(sources["employeeId"] == "externalId")
        #expect(sources["userPrincipalName"] == "userName")
        #expect(sources["givenName"] == "name.givenName" && sources["surname"] == "name.familyName")
        #expect(sources["jobTitle"] == "title" && sources["displayName"] == "displayName")
        #expect(sources["mail"] == #"emails[type eq "work"].value"#)
        #expect(sources["department"] == "\(Self.enterprise):department")
        #expect(sources["manager"] == "\(Self.enterprise):manager")
        #expect(sources["accountEnabled"] == #"Switch([active], "False", "True", "True", "False", "False")"#)
        let employeeId = Self.mappings(schema).first { $0["targetAttributeName"] == "employeeId" }
        #expect(employeeId?["matchingPriority"] == 1)
        for mapping in Self.mappings(schema) {
            for key in [
                "source", "targetAttributeName", "flowBehavior", "flowType", "matchingPriority", "defaultValue",
                "exportMissingReferences",
            ] {
                #expect(mapping[key] != nil, "a mapping has no \(key)")
            }
        }
        let accountEnabled = Self.mappings(schema).first { $0["targetAttributeName"] == "accountEnabled" }?["source"]
        #expect(accountEnabled?["type"] == "Function" && accountEnabled?["name"] == "Switch")
        #expect(accountEnabled?["parameters"]?.arrayValue?.first?["value"]?["type"] == "Attribute")
        // The beta path serves the same schema.
        #expect(try harness.schema(version: "beta").json?["directories"] == schema["directories"])
    }

    @Test func putReplacesTheWholeSchemaAndBumpsTheVersion() throws {
        let harness = try Harness()
        var schema = try #require(try harness.schema().json)
        schema = Self.addingSourceAttribute(
            "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate", to: schema)
        let response = try harness.putSchema(String(decoding: schema.serialized, as: UTF8.self))
        #expect(response.status == 204, "\(response.errorMessage ?? "")")
        #expect(response.body.isEmpty)
        let stored = try #require(try harness.schema().json)
        #expect(stored["version"] == "2")
        #expect(
            Self.attributes(stored, directory: 0).contains {
                $0["name"] == "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate"
            })
        // Whole replace: a schema without the Entra mappings has none afterwards.
        var bare = stored
        bare = Self.replacing("synchronizationRules", with: [], in: bare)
        #expect(try harness.putSchema(String(decoding: bare.serialized, as: UTF8.self)).status == 204)
        #expect(Self.mappings(try #require(try harness.schema().json)).isEmpty)
        // Reset restores the default.
        #expect(try harness.send("POST", "/_emulator/reset").status == 204)
        #expect(try harness.schema().json?["version"] == "1")
    }

    static let malformed: [(name: String, body: @Sendable (JSON) -> String, message: String)] = [
        ("not JSON", { _ in "{nope" }, "not valid JSON"),
        ("not an object", { _ in "[]" }, "must be a JSON object"),
        (
            "no directories", { replacing("directories", with: [], in: $0).text },
            "directories must be a non-empty array"
        ),
        ("no rules", { removing("synchronizationRules", from: $0).text }, "synchronizationRules must be an array"),
        (
            "bad type", { editingFirstSourceAttribute($0) { setting("type", to: "Text", in: $0) }.text },
            "directories[0].objects[0].attributes[0].type (externalId) is 'Text'"
        ),
        (
            "nameless attribute", { editingFirstSourceAttribute($0) { setting("name", to: "", in: $0) }.text },
            "directories[0].objects[0].attributes[0].name must be a non-empty string"
        ),
        (
            "bad mutability",
            { editingFirstSourceAttribute($0) { setting("mutability", to: "Sometimes", in: $0) }.text },
            "mutability (externalId) must be ReadWrite"
        ),
        (
            "multivalued not a boolean",
            { editingFirstSourceAttribute($0) { setting("multivalued", to: "yes", in: $0) }.text },
            "multivalued (externalId) must be true or false"
        ),
        ("duplicate attribute", { addingSourceAttribute("USERNAME", to: $0).text }, "'USERNAME' is defined twice"),
        (
            "mapping reads a missing attribute", { removingSourceAttribute("title", from: $0).text },
            "reads 'title', which is not an attribute of API"
        ),
        (
            "unknown directory", { editingRule($0) { setting("sourceDirectoryName", to: "Workday", in: $0) }.text },
            "sourceDirectoryName is 'Workday'"
        ),
    ]

    @Test(arguments: malformed)
    func malformedSchemaIs400AndChangesNothing(name: String, body: @Sendable (JSON) -> String, message: String) throws {
        let harness = try Harness()
        let schema = try #require(try harness.schema().json)
        let response = try harness.putSchema(body(schema))
        #expect(response.status == 400, "\(name)")
        #expect(response.errorCode == "BadRequest")
        #expect(response.errorMessage?.contains(message) == true, "\(name): \(response.errorMessage ?? "")")
        #expect(response.json?["error"]?["innerError"]?["request-id"]?.stringValue != nil)
        #expect(try harness.schema().json?["version"] == "1", "\(name) changed the schema")
    }

    @Test func readNeedsASynchronizationRoleAndWriteNeedsReadWrite() throws {
        let uploader = try Harness { $0.roles = ["SynchronizationData-User.Upload", "AuditLog.Read.All"] }
        let denied = try uploader.schema()
        #expect(denied.status == 403)
        #expect(denied.errorCode == "Authorization_RequestDenied")
        #expect(try uploader.putSchema("{}").status == 403)

        for role in ["Synchronization.Read.All", "Application.ReadWrite.OwnedBy"] {
            let reader = try Harness { $0.roles = [role] }
            #expect(try reader.schema().status == 200, "\(role)")
            let body = String(decoding: try #require(try reader.schema().json).serialized, as: UTF8.self)
            #expect(try reader.putSchema(body).status == 403, "\(role) may not write")
        }
        let writer = try Harness { $0.roles = ["Synchronization.ReadWrite.All"] }
        let body = String(decoding: try #require(try writer.schema().json).serialized, as: UTF8.self)
        #expect(try writer.putSchema(body).status == 204)
    }

    @Test func needsATokenAKnownJobAndGetOrPut() throws {
        let harness = try Harness()
        #expect(try harness.send("GET", Harness.schemaPath).status == 401)
        let auth = ["Authorization": "Bearer \(try harness.token())"]
        let otherJob = Harness.schemaPath.replacingOccurrences(of: "3333-3333-3333", with: "3333-3333-4444")
        #expect(try harness.send("GET", otherJob, headers: auth).status == 404)
        #expect(try harness.send("DELETE", Harness.schemaPath, headers: auth).status == 405)
        #expect(try harness.send("PATCH", Harness.schemaPath, headers: auth, body: "{}").status == 405)
    }

    // MARK: editing helpers

    static func setting(_ key: String, to value: JSON, in object: JSON) -> JSON {
        guard case .object(var members) = object else { return object }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append(JSONMember(key, value))
        }
        return .object(members)
    }

    static func replacing(_ key: String, with value: JSON, in object: JSON) -> JSON {
        setting(key, to: value, in: object)
    }

    static func removing(_ key: String, from object: JSON) -> JSON {
        guard case .object(let members) = object else { return object }
        return .object(members.filter { $0.key != key })
    }

    /// Applies `edit` to the first object of the first directory.
    static func editingSourceObject(_ schema: JSON, _ edit: (JSON) -> JSON) -> JSON {
        guard var directories = schema["directories"]?.arrayValue, var objects = directories[0]["objects"]?.arrayValue
        else { return schema }
        objects[0] = edit(objects[0])
        directories[0] = setting("objects", to: .array(objects), in: directories[0])
        return setting("directories", to: .array(directories), in: schema)
    }

    static func editingFirstSourceAttribute(_ schema: JSON, _ edit: (JSON) -> JSON) -> JSON {
        editingSourceObject(schema) { object in
            var attributes = object["attributes"]?.arrayValue ?? []
            attributes[0] = edit(attributes[0])
            return setting("attributes", to: .array(attributes), in: object)
        }
    }

    static func addingSourceAttribute(_ name: String, type: String = "String", to schema: JSON) -> JSON {
        editingSourceObject(schema) { object in
            let attribute: JSON = .object([
                "anchor": false, "caseExact": false, "flowNullValues": false, "multivalued": false,
                "mutability": "ReadWrite", "name": .string(name), "required": false, "type": .string(type),
                "apiExpressions": [], "metadata": [], "referencedObjects": [],
            ])
            return setting("attributes", to: .array((object["attributes"]?.arrayValue ?? []) + [attribute]), in: object)
        }
    }

    static func removingSourceAttribute(_ name: String, from schema: JSON) -> JSON {
        editingSourceObject(schema) { object in
            let kept = (object["attributes"]?.arrayValue ?? []).filter { $0["name"]?.stringValue != name }
            return setting("attributes", to: .array(kept), in: object)
        }
    }

    static func editingRule(_ schema: JSON, _ edit: (JSON) -> JSON) -> JSON {
        guard var rules = schema["synchronizationRules"]?.arrayValue else { return schema }
        rules[0] = edit(rules[0])
        return setting("synchronizationRules", to: .array(rules), in: schema)
    }

    /// Adds `source → target` to the default object mapping.
    static func addingMapping(from source: String, to target: String, in schema: JSON) -> JSON {
        editingRule(schema) { rule in
            var objectMappings = rule["objectMappings"]?.arrayValue ?? []
            let mapping: JSON = .object([
                "defaultValue": .null, "exportMissingReferences": false, "flowBehavior": "FlowWhenChanged",
                "flowType": "Always", "matchingPriority": 0, "source": MappingExpression.attribute(source).json,
                "targetAttributeName": .string(target),
            ])
            let existing = objectMappings[0]["attributeMappings"]?.arrayValue ?? []
            objectMappings[0] = setting("attributeMappings", to: .array(existing + [mapping]), in: objectMappings[0])
            return setting("objectMappings", to: .array(objectMappings), in: rule)
        }
    }
}

extension JSON {
    /// The serialized text, for request bodies.
    var text: String { String(decoding: serialized, as: UTF8.self) }
}
