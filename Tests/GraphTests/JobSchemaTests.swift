import Foundation
import Graph
import Testing

/// A small synchronizationSchema as Graph answers it: an API source with three attributes, an Entra directory,
/// and mappings (one direct, one through Switch, one of two attributes), with members this client does not model.
enum SchemaFixture {
    static let text = #"""
        {"@odata.context":"https://graph.microsoft.com/beta/$metadata#schema","id":"job-1","version":"date:2026",
        "x-future":{"ratio":1.50,"list":[1e3,null]},
        "directories":[
          {"id":"API","name":"API","discoverabilities":"None","objects":[
            {"name":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","metadata":[{"key":"k","value":"v"}],
             "attributes":[
              {"name":"externalId","type":"String","anchor":true,"multivalued":false,"apiExpressions":[]},
              {"name":"active","type":"Boolean","multivalued":false},
              {"name":"emails[type eq \"work\"].value","type":"String","multivalued":false},
              {"name":"nickName","type":"String","flowNullValues":true}]}]},
          {"id":"AAD","name":"Azure Active Directory","objects":[{"name":"User","attributes":[]}]}],
        "synchronizationRules":[{"id":"API2AAD.USER","sourceDirectoryName":"API",
          "targetDirectoryName":"Azure Active Directory","priority":1,"objectMappings":[
          {"enabled":true,"sourceObjectName":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
           "targetObjectName":"User","attributeMappings":[
            {"targetAttributeName":"employeeId","matchingPriority":1,
             "source":{"type":"Attribute","name":"externalId","parameters":[]}},
            {"targetAttributeName":"accountEnabled","source":{"type":"Function","name":"Switch","parameters":[
              {"key":"source","value":{"type":"Attribute","name":"active","parameters":[]}},
              {"key":"defaultValue","value":{"type":"Constant","name":"False","parameters":[]}}]}},
            {"targetAttributeName":"displayName","source":{"type":"Function","name":"Join","parameters":[
              {"key":"separator","value":{"type":"Constant","name":" ","parameters":[]}},
              {"key":"a","value":{"type":"Attribute","name":"externalId","parameters":[]}},
              {"key":"b","value":{"type":"Attribute","name":"emails[type eq \"work\"].value","parameters":[]}}]}},
            {"targetAttributeName":"usageLocation","defaultValue":"US","source":null}]}]}]}
        """#
    static var data: Data { Data(text.utf8) }
}

@Suite struct JobSchemaTests {
    @Test func readsNullFlowsTheTargetDirectoryAndWhichSourcesGoThroughAnExpression() throws {
        let schema = try JobSchema(data: SchemaFixture.data)
        #expect(schema.attribute(named: "nickName")?.flowNullValues == true)
        #expect(schema.attribute(named: "active")?.flowNullValues == false)
        #expect(schema.targetDirectory == "Azure Active Directory")
        // externalId flows unchanged (its first mapping); active only through Switch.
        #expect(schema.computedSources == ["active"])
        #expect(schema.jobId == "job-1")
    }

    @Test func readsTheAPISourceAttributesAndTheirMappings() throws {
        let schema = try JobSchema(data: SchemaFixture.data)
        #expect(schema.sourceDirectory == "API")
        #expect(schema.sourceObject == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        #expect(
            schema.attributes.map(\.name) == ["externalId", "active", #"emails[type eq "work"].value"#, "nickName"])
        #expect(schema.attribute(named: "ACTIVE")?.type == "Boolean")
        #expect(schema.targets(of: "externalId") == ["employeeId", "displayName"])
        #expect(schema.targets(of: "nickName").isEmpty)
        #expect(schema.attributeMappings.count == 4)
        #expect(schema.attributeMappings[1].source == .function("Switch", [.attribute("active"), .constant("False")]))
    }

    @Test func mapsEachSourceAttributeToTheEntraAttributeItFlowsTo() throws {
        let map = try JobSchema(data: SchemaFixture.data).targetBySource
        // Direct, and through a function of one attribute; Join of two attributes names neither.
        #expect(map == ["externalid": "employeeId", "active": "accountEnabled"])
    }

    @Test func addingAttributesKeepsEverythingElseAsRead() throws {
        let schema = try JobSchema(data: SchemaFixture.data)
        let hire = JobSchema.Attribute(
            name: "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate", type: "DateTime")
        let mobile = JobSchema.Attribute(
            name: #"phoneNumbers[type eq "mobile"].value"#, type: "String", multivalued: true)
        let changed = try schema.adding([hire, mobile, JobSchema.Attribute(name: "NICKNAME", type: "String")])
        #expect(changed.attributes.count == 6, "nickName is there already (names compare ignoring case)")
        #expect(changed.attribute(named: hire.name) == hire)
        #expect(changed.attribute(named: mobile.name)?.multivalued == true)
        let body = String(decoding: changed.body, as: UTF8.self)
        // Unknown members and number spellings survive; the annotation does not go back.
        #expect(body.contains(#""x-future":{"ratio":1.50,"list":[1e3,null]}"#))
        #expect(body.contains(#""metadata":[{"key":"k","value":"v"}]"#))
        #expect(body.contains(#""matchingPriority":1"#) && body.contains(#""defaultValue":"US""#))
        #expect(!body.contains("@odata.context"))
        #expect(
            body.contains(
                #"{"anchor":false,"apiExpressions":[],"caseExact":false,"defaultValue":null,"flowNullValues":false,"#
                    + #""metadata":[],"multivalued":false,"mutability":"ReadWrite","#
                    + #""name":"urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate","#
                    + #""referencedObjects":[],"required":false,"type":"DateTime"}"#))
        // Written back and read again, only the new attributes differ.
        let reread = try JobSchema(data: changed.body)
        #expect(reread.attributes == changed.attributes)
        #expect(reread.attributeMappings == schema.attributeMappings)
        let untouched = try schema.adding([])
        #expect(untouched.body == schema.body)
    }

    @Test func refusesADocumentWithoutAnAPISource() {
        #expect(throws: JobSchemaError.self) { try JobSchema(data: Data(#"{"directories":[]}"#.utf8)) }
        #expect(throws: JobSchemaError.self) { try JobSchema(data: Data("not json".utf8)) }
        #expect(throws: JobSchemaError.self) {
            let unnamed = #"{"directories":[{"name":"API","objects":[{"name":"User","attributes":[{}]}]}]}"#
            return try JobSchema(data: Data(unnamed.utf8))
        }
    }
}
