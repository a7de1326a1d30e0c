import EmulatorKit
import Foundation
import JSONDocument
import Testing

@testable import EntraEmulator

/// bulkUpload processing works on the same directory `/users` reads: what a plan predicts from it is what the logs
/// then report.
@Suite struct DirectoryProcessingTests {
    typealias F = DirectoryFixtures

    static func rows(_ harness: Harness) throws -> [JSON] { try ProcessingTests.rows(harness) }

    static func error(_ row: JSON) -> String? {
        row["provisioningStatusInfo"]?["errorInformation"]?["errorCode"]?.stringValue
    }

    @Test func aRecordWhoseValueAnotherObjectHoldsFailsWithTheConflictCode() throws {
        let harness = try F.harness()
        _ = try harness.upload(
            Harness.bulk([
                // Ann's userPrincipalName, on a new employee.
                Harness.operation(Harness.user("2001", userName: "Ann.Lee@contoso.com")),
                // Cara has no employeeId, so she is never matched, but she still holds her userPrincipalName.
                Harness.operation(Harness.user("2002", userName: "cara.diaz@contoso.com")),
                // Eve's secondary proxy address as the work email.
                Harness.operation(Harness.user("2003", userName: "new.eve@contoso.com", mail: "eve@contoso.com")),
                // The guest's mail.
                Harness.operation(Harness.user("2004", userName: "dan@contoso.com", mail: "DAN@fabrikam.com")),
                Harness.operation(Harness.user("2005", userName: "fay.ng@contoso.com", mail: "fay.ng@contoso.com")),
            ]))
        let rows = try Self.rows(harness)
        #expect(
            rows.map(ProcessingTests.summary) == [
                "2001:create:failure", "2002:create:failure", "2003:create:failure", "2004:create:failure",
                "2005:create:success",
            ])
        #expect(rows.prefix(4).allSatisfy { Self.error($0) == Processor.conflictCode })
        let reasons = rows.prefix(4).compactMap {
            $0["provisioningStatusInfo"]?["errorInformation"]?["reason"]?.stringValue
        }
        #expect(
            reasons[0].hasPrefix("Another object with the same value for property userPrincipalName already exists"))
        #expect(reasons[0].contains(F.ann) && reasons[1].contains(F.cara))
        #expect(reasons[2].contains("property mail") && reasons[2].contains(F.eve))
        #expect(reasons[3].contains(F.dan))
        // Nothing was written for the failures; the success is readable at once.
        let created = try harness.users(
            DirectoryFixtures.query([
                "$filter": "employeeId in ('2001','2002','2003','2004','2005')",
                "$select": "employeeId,userPrincipalName,mail,proxyAddresses",
            ]))
        let users = try #require(created.json?["value"]?.arrayValue)
        #expect(users.map { $0["employeeId"] } == ["2005"])
        #expect(users.first?["proxyAddresses"] == ["SMTP:fay.ng@contoso.com"])
    }

    @Test func aRehireEnablesTheMatchedDisabledUserAndALeaverIsDisabled() throws {
        let harness = try F.harness()
        _ = try harness.upload(
            Harness.bulk([
                Harness.operation(Harness.user("1002", userName: "bob.ray@contoso.com")),
                Harness.operation(Harness.user("1001", userName: "ann.lee@contoso.com", active: false)),
            ]))
        let rows = try Self.rows(harness)
        #expect(rows.map(ProcessingTests.summary) == ["1002:update:success", "1001:disable:success"])
        #expect(rows[0]["targetIdentity"]?["id"] == .string(F.bob), "the seeded object, not a new one")
        let enabled = rows[0]["modifiedProperties"]?.arrayValue?.first { $0["displayName"] == "accountEnabled" }
        #expect(enabled?["oldValue"] == "False" && enabled?["newValue"] == "True")
        #expect(
            rows[0]["modifiedProperties"]?.arrayValue?.contains { $0["displayName"] == "userPrincipalName" } == false,
            "only what changed")
        let users = try harness.users(
            DirectoryFixtures.query(["$filter": "employeeId in ('1001','1002')", "$select": "accountEnabled"]))
        #expect(users.json?["value"]?.arrayValue?.map { $0["accountEnabled"] } == [.bool(false), .bool(true)])
    }

    @Test func twoUsersWithTheSameEmployeeIdMakeTheRecordADuplicateTarget() throws {
        let seed = try F.seed(
            #"[{"userPrincipalName":"a@contoso.com","employeeId":"7"},{"userPrincipalName":"b@contoso.com","employeeId":"7"}]"#
        )
        let harness = try Harness { $0.directorySeed = seed }
        _ = try harness.upload(Harness.bulk(users: ["7"]))
        let row = try #require(try Self.rows(harness).first)
        #expect(ProcessingTests.summary(row) == "7:other:failure")
        #expect(Self.error(row) == "DuplicateTargetEntries")
        #expect(try harness.users().json?["value"]?.arrayValue?.count == 2, "nothing was created")
    }

    @Test func aSeededManagerResolvesOnlyOnceTheJobHasProcessedIt() throws {
        let harness = try F.harness()
        let token = try harness.token()
        _ = try harness.upload(Harness.bulk([Harness.operation(Harness.user("3001", manager: "1001"))]), token: token)
        _ = try harness.upload(
            Harness.bulk([
                Harness.operation(Harness.user("1001", userName: "ann.lee@contoso.com")),
                Harness.operation(Harness.user("3002", manager: "1001")),
            ]), token: token)
        #expect(
            try Self.rows(harness).map(ProcessingTests.summary) == [
                "3001:create:warning", "1001:update:success", "3002:create:success",
            ])
        let report = try harness.users(
            DirectoryFixtures.query([
                "$filter": "employeeId eq '3002'", "$select": "id", "$expand": "manager($select=employeeId)",
            ]), token: token)
        #expect(report.json?["value"]?.arrayValue?.first?["manager"]?["id"] == .string(F.ann))
    }

    @Test func theEmulatorShowsItsDirectoryAndResetRestoresTheSeed() throws {
        let harness = try F.harness()
        _ = try harness.upload(Harness.bulk(users: ["4001"]))
        let directory = try #require(try harness.send("GET", "/_emulator/directory").json?["users"]?.arrayValue)
        #expect(directory.count == 6)
        #expect(directory[1]["manager"] == .object(["id": .string(F.ann)]))
        #expect(directory[1]["accountEnabled"] == .bool(false) && directory[1]["employeeId"] == "1002")
        #expect(directory[5]["employeeId"] == "4001" && directory[5]["userPrincipalName"] == "u4001@contoso.com")
        #expect(try harness.send("POST", "/_emulator/reset").status == 204)
        #expect(try harness.send("GET", "/_emulator/directory").json?["users"]?.arrayValue?.count == 5)
    }
}
