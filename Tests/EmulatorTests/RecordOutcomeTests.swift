import Foundation
import JSONDocument
import Testing

@testable import EntraEmulator

/// What the logs show for records the service drops parts of, disables, or cannot link to their manager.
@Suite struct RecordOutcomeTests {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let contoso = "urn:ietf:params:scim:schemas:extension:contoso:1.0:User"

    /// The newest visible row of `externalID`.
    static func row(_ harness: Harness, _ externalID: String) throws -> JSON {
        try #require(try ProcessingTests.rows(harness).last { $0["sourceIdentity"]?["id"] == .string(externalID) })
    }

    static func rows(_ harness: Harness, _ externalID: String) throws -> [JSON] {
        try ProcessingTests.rows(harness).filter { $0["sourceIdentity"]?["id"] == .string(externalID) }
    }

    static func step(_ row: JSON, _ kind: String) -> JSON? {
        row["provisioningSteps"]?.arrayValue?.first { $0["provisioningStepType"] == .string(kind) }
    }

    static func modified(_ row: JSON) -> [String: String] {
        var result: [String: String] = [:]
        for property in row["modifiedProperties"]?.arrayValue ?? [] {
            if let name = property["displayName"]?.stringValue {
                result[name] = property["newValue"]?.stringValue ?? "null"
            }
        }
        return result
    }

    static func error(_ row: JSON) -> JSON? { row["provisioningStatusInfo"]?["errorInformation"] }

    static func status(_ row: JSON) -> String? { row["provisioningStatusInfo"]?["status"]?.stringValue }

    /// A user with a custom-namespace attribute and an attribute of no schema at all.
    static func userWithExtras(_ externalID: String) -> String {
        #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","\#(contoso)"],"externalId":"\#(externalID)","#
            + #""userName":"u\#(externalID)@contoso.com","displayName":"User \#(externalID)","active":true,"#
            + #""shoeSize":"44","#
            + #""\#(contoso)":{"HireDate":"2021-05-01T00:00:00Z"}}"#
    }

    @Test func attributesMissingFromTheSchemaAreIgnoredAndSaidSoOnce() throws {
        let harness = try Harness()
        #expect(try harness.upload(Harness.bulk([Harness.operation(Self.userWithExtras("1"))])).status == 202)
        let row = try Self.row(harness, "1")
        #expect(Self.status(row) == "success")
        #expect(Self.error(row) == .null)
        let importStep = try #require(Self.step(row, "import"))
        #expect(importStep["details"]?["ignoredAttributes"] == .string("shoeSize, \(Self.contoso):HireDate"))
        #expect(
            importStep["description"]?.stringValue?.contains(
                "2 attributes are not in the job's schema and were ignored") == true)
        #expect(Self.modified(row)["employeeHireDate"] == nil)
        #expect(Self.modified(row)["displayName"] == "User 1")
        // The emulator's own log names each ignored attribute once, whatever the number of records carrying it.
        _ = try harness.upload(Harness.bulk([Harness.operation(Self.userWithExtras("2"))]))
        let lines = harness.log.all.filter { $0.contains("ignoring attribute") }
        #expect(lines.count == 2)
        #expect(
            lines.contains {
                $0.contains("'\(Self.contoso):HireDate' (first sent for User '1')")
                    && $0.contains("not an attribute of \(Self.enterprise) in the job's schema")
            })

        // Once the schema has it (and a mapping), it flows and is no longer ignored.
        var schema = try #require(try harness.schema().json)
        schema = SchemaEndpointTests.addingSourceAttribute("\(Self.contoso):HireDate", to: schema)
        schema = SchemaEndpointTests.addingMapping(from: "\(Self.contoso):HireDate", to: "employeeHireDate", in: schema)
        #expect(try harness.putSchema(schema.text).status == 204)
        _ = try harness.upload(Harness.bulk([Harness.operation(Self.userWithExtras("3"))]))
        let mapped = try Self.row(harness, "3")
        #expect(Self.modified(mapped)["employeeHireDate"] == "2021-05-01T00:00:00Z")
        #expect(Self.step(mapped, "import")?["details"]?["ignoredAttributes"] == .string("shoeSize"))
    }

    @Test func verboseLogsEveryRecordsIgnoredAttributes() throws {
        let harness = try Harness { $0.verbose = true }
        _ = try harness.upload(
            Harness.bulk([Harness.operation(Self.userWithExtras("1")), Harness.operation(Self.userWithExtras("2"))]))
        let perRecord = harness.log.all.filter { $0.contains("ignored, not in the job's schema") }
        #expect(
            perRecord == [
                "entra-emulator: User '1': ignored, not in the job's schema: shoeSize, \(Self.contoso):HireDate",
                "entra-emulator: User '2': ignored, not in the job's schema: shoeSize, \(Self.contoso):HireDate",
            ])
        #expect(harness.log.all.contains { $0.hasPrefix("POST \(Harness.bulkPath) -> 202") })
    }

    @Test func aRecordWithoutActiveIsDisabled() throws {
        let harness = try Harness()
        _ = try harness.upload(Harness.bulk([Harness.operation(Harness.user("1", active: nil))]))
        let created = try Self.row(harness, "1")
        #expect(Self.status(created) == "success")
        #expect(created["provisioningAction"] == "create")
        #expect(Self.modified(created)["accountEnabled"] == "False")
        let importStep = try #require(Self.step(created, "import"))
        #expect(importStep["details"]?["active"] == "False")
        #expect(importStep["description"]?.stringValue?.contains("the record has no 'active'") == true)
        #expect(Self.step(created, "export")?["description"]?.stringValue?.hasSuffix("(accountEnabled False)") == true)

        // An enabled User sent again without `active` is disabled.
        _ = try harness.upload(Harness.bulk([Harness.operation(Harness.user("2", active: true))]))
        _ = try harness.upload(Harness.bulk([Harness.operation(Harness.user("2", active: nil))]))
        let disabled = try Self.row(harness, "2")
        #expect(disabled["provisioningAction"] == "disable")
        #expect(disabled["modifiedProperties"]?.arrayValue?.first?["oldValue"] == "True")
        #expect(Self.modified(disabled)["accountEnabled"] == "False")
    }

    @Test func withoutAnAccountEnabledMappingAMissingActiveChangesNothing() throws {
        let harness = try Harness()
        let schema = try #require(try harness.schema().json)
        let withoutMapping = SchemaEndpointTests.editingRule(schema) { rule in
            var objectMappings = rule["objectMappings"]?.arrayValue ?? []
            let kept = (objectMappings[0]["attributeMappings"]?.arrayValue ?? []).filter {
                $0["targetAttributeName"] != "accountEnabled"
            }
            objectMappings[0] = SchemaEndpointTests.setting(
                "attributeMappings", to: .array(kept), in: objectMappings[0])
            return SchemaEndpointTests.setting("objectMappings", to: .array(objectMappings), in: rule)
        }
        #expect(try harness.putSchema(withoutMapping.text).status == 204)
        _ = try harness.upload(Harness.bulk([Harness.operation(Harness.user("1", active: nil))]))
        #expect(Self.modified(try Self.row(harness, "1"))["accountEnabled"] == nil)
        #expect(try Self.row(harness, "1")["provisioningAction"] == "create")
    }

    @Test func aManagerNotProcessedFirstLeavesAWarningAndAResendResolvesIt() throws {
        let harness = try Harness()
        _ = try harness.upload(Harness.bulk([Harness.operation(Harness.user("emp", manager: "boss"))]))
        let warned = try Self.row(harness, "emp")
        #expect(Self.status(warned) == "warning")
        #expect(warned["provisioningAction"] == "create")
        let error = try #require(Self.error(warned))
        #expect(error["errorCode"] == "UnableToResolveReferenceAttributeValue")
        #expect(error["errorCategory"] == "nonServiceFailure")
        let reason =
            "We were unable to assign boss as the manager of emp. In order to ensure that the references are "
            + "updated properly, you have two options. First, ensure that boss is in scope for provisioning. "
            + "Provision boss on-demand and then provision emp on-demand. Alternatively, you can restart "
            + "provisioning after ensuring that boss is in scope for provisioning."
        #expect(error["reason"] == .string(reason))
        #expect(
            error["additionalDetails"]
                == "PropertyName: manager; SkipReason: UnableToResolveReferenceAttributeValue; manager: boss")
        let reference = try #require(Self.step(warned, "referenceResolution"))
        #expect(reference["status"] == "warning")
        #expect(
            reference["details"]
                == .object(["PropertyName": "manager", "SkipReason": "UnableToResolveReferenceAttributeValue"]))
        #expect(Self.step(warned, "export")?["status"] == "success")
        #expect(Self.step(warned, "export")?["description"]?.stringValue?.hasSuffix("without its manager") == true)
        #expect(Self.modified(warned)["manager"] == nil)
        #expect(
            try harness.logs("?$filter=" + LogsQuery.encode("provisioningStatusInfo/status eq 'warning'")).json?[
                "value"]?.arrayValue?.count == 1)

        // The manager arrives later: that does not rewrite the report's outcome ...
        _ = try harness.upload(Harness.bulk([Harness.operation(Harness.user("boss"))]))
        #expect(try Self.rows(harness, "emp").count == 1)
        // ... but sending the report again does.
        _ = try harness.upload(Harness.bulk([Harness.operation(Harness.user("emp", manager: "boss"))]))
        let resolved = try Self.row(harness, "emp")
        #expect(Self.status(resolved) == "success")
        #expect(Self.step(resolved, "referenceResolution")?["status"] == "success")
        let bossID = try Self.row(harness, "boss")["targetIdentity"]?["id"]?.stringValue
        #expect(Self.modified(resolved)["manager"] == bossID)
    }

    @Test func aManagerWhoseOwnRecordFailedIsNotResolved() throws {
        let harness = try Harness()
        _ = try harness.upload(
            Harness.bulk([
                Harness.operation(Harness.user("a", userName: "same@contoso.com")),
                Harness.operation(Harness.user("boss", userName: "same@contoso.com")),
                Harness.operation(Harness.user("emp", manager: "boss")),
            ]))
        #expect(Self.status(try Self.row(harness, "boss")) == "failure")
        #expect(Self.error(try Self.row(harness, "emp"))?["errorCode"] == "UnableToResolveReferenceAttributeValue")
    }

    @Test func unresolvedManagerCanFailTheRecordInstead() throws {
        let harness = try Harness { $0.unresolvedManager = .failure }
        _ = try harness.upload(Harness.bulk([Harness.operation(Harness.user("emp", manager: "boss"))]))
        let failed = try Self.row(harness, "emp")
        #expect(Self.status(failed) == "failure")
        #expect(Self.error(failed)?["errorCode"] == "UnableToResolveReferenceAttributeValue")
        #expect(Self.step(failed, "export")?["status"] == "failure")
        _ = try harness.upload(
            Harness.bulk([
                Harness.operation(Harness.user("boss")), Harness.operation(Harness.user("emp", manager: "boss")),
            ]))
        let resent = try Self.row(harness, "emp")
        #expect(Self.status(resent) == "success")
        #expect(resent["provisioningAction"] == "create")
    }
}
