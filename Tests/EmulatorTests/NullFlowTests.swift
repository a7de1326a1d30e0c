import Foundation
import JSONDocument
import Testing

@testable import EntraEmulator

/// "Clear attribute values": where the job's schema has a source attribute flow null values, an update that leaves
/// it out (or sends null or "") clears its target; elsewhere an absent value changes nothing.
@Suite struct NullFlowTests {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    /// A user with a department and a title, either of them left out when nil.
    static func user(department: String?, title: String?) -> String {
        var fields = [
            #""schemas":["urn:ietf:params:scim:schemas:core:2.0:User","\#(enterprise)"]"#, #""externalId":"1""#,
            #""userName":"u1@contoso.com""#, #""displayName":"User 1""#, #""active":true"#,
        ]
        if let title { fields.append(#""title":"\#(title)""#) }
        if let department { fields.append(#""\#(enterprise)":{"department":\#(department)}"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// The default schema with `department` flowing null values.
    static func flowingNullDepartment(_ schema: JSON) -> JSON {
        SchemaEndpointTests.editingSourceObject(schema) { object in
            let attributes = (object["attributes"]?.arrayValue ?? []).map { attribute in
                attribute["name"]?.stringValue == "\(enterprise):department"
                    ? SchemaEndpointTests.setting("flowNullValues", to: true, in: attribute) : attribute
            }
            return SchemaEndpointTests.setting("attributes", to: .array(attributes), in: object)
        }
    }

    func send(_ harness: Harness, department: String?, title: String?) throws -> [String: String] {
        let body = Harness.bulk([Harness.operation(Self.user(department: department, title: title))])
        #expect(try harness.upload(body).status == 202)
        return RecordOutcomeTests.modified(try RecordOutcomeTests.row(harness, "1"))
    }

    @Test(arguments: [nil, "null", #""""#])
    func anAttributeFlowingNullValuesIsClearedByAnUpdateWithoutAValue(department: String?) throws {
        let harness = try Harness()
        let schema = try #require(try harness.schema().json)
        #expect(try harness.putSchema(Self.flowingNullDepartment(schema).text).status == 204)
        #expect(try send(harness, department: #""Sales""#, title: "Lead")["department"] == "Sales")
        let cleared = try send(harness, department: department, title: nil)
        #expect(cleared["department"] == "null", "cleared: \(cleared)")
        #expect(cleared["jobTitle"] == nil, "title does not flow null values: kept")
        // Cleared once, it stays cleared: the next update changes nothing.
        #expect(try send(harness, department: department, title: nil).isEmpty)
    }

    @Test func withoutNullFlowsALeftOutAttributeKeepsItsValue() throws {
        let harness = try Harness()
        #expect(try send(harness, department: #""Sales""#, title: nil)["department"] == "Sales")
        #expect(try send(harness, department: nil, title: nil)["department"] == nil)
    }
}
