import Foundation
import JSONDocument
import Testing

@testable import EntraEmulator

@Suite struct ProcessingTests {
    /// All visible rows, oldest first.
    static func rows(_ harness: Harness, version: String = "v1.0") throws -> [JSON] {
        let response = try harness.logs("?$top=1000&$orderby=activityDateTime%20asc", version: version)
        #expect(response.status == 200)
        return response.json?["value"]?.arrayValue ?? []
    }

    static func summary(_ row: JSON) -> String {
        let id = row["sourceIdentity"]?["id"]?.stringValue ?? "?"
        let action = row["provisioningAction"]?.stringValue ?? "?"
        let status = row["provisioningStatusInfo"]?["status"]?.stringValue ?? "?"
        return "\(id):\(action):\(status)"
    }

    @Test func createsUpdatesAndDisablesByExternalID() throws {
        let harness = try Harness()
        let token = try harness.token()
        _ = try harness.upload(Harness.bulk([Harness.operation(Harness.user("1"))]), token: token)
        _ = try harness.upload(
            Harness.bulk([Harness.operation(Harness.user("1")), Harness.operation(Harness.user("1", active: false))]),
            token: token)
        let rows = try Self.rows(harness)
        #expect(rows.map(Self.summary) == ["1:create:success", "1:update:success", "1:disable:success"])
        #expect(rows[0]["targetIdentity"]?["id"] == rows[2]["targetIdentity"]?["id"])
        #expect(
            rows[0]["modifiedProperties"]?.arrayValue?.contains { $0["displayName"] == "userPrincipalName" } == true)
        #expect(rows[2]["modifiedProperties"]?.arrayValue?.first?["displayName"] == "accountEnabled")
        #expect(
            rows[0]["provisioningSteps"]?.arrayValue?.compactMap { $0["provisioningStepType"]?.stringValue } == [
                "import", "matching", "scoping", "export",
            ])
        #expect(rows[0]["cycleId"] != rows[1]["cycleId"])
        #expect(rows[1]["cycleId"] == rows[2]["cycleId"])
        #expect(try harness.stat("processed") == 3)
    }

    /// A request judged after a later one (its thread got the lock second) is still processed first: by arrival.
    @Test func queuedRecordsAreProcessedInArrivalOrderNotTheOrderTheyWereJudged() throws {
        var processor = Processor(configuration: EmulatorConfiguration(), seed: 1)
        func operation(_ id: String, manager: String? = nil, arrived: Double) throws -> Processor.PendingOperation {
            let data = try JSON.parse(Array(Harness.user(id, manager: manager).utf8))
            return Processor.PendingOperation(
                isDelete: false, externalID: id, data: data, cycleID: "c", dueTime: arrived + 2)
        }
        processor.enqueue([try operation("emp", manager: "boss", arrived: 10.05)])
        processor.enqueue([try operation("boss", arrived: 10.0)])
        var store = ProvisioningLogStore()
        var directory = Directory()
        #expect(processor.drain(now: 11.9, resumedAt: 0, directory: &directory, into: &store) == 0)
        #expect(processor.drain(now: 12.1, resumedAt: 0, directory: &directory, into: &store) == 2)
        #expect(store.rows.map { "\($0.sourceID):\($0.status)" } == ["boss:success", "emp:success"])
    }

    @Test func managerResolvesOnlyAgainstProcessedUsers() throws {
        let harness = try Harness()
        _ = try harness.upload(
            Harness.bulk([
                Harness.operation(Harness.user("emp", manager: "boss")), Harness.operation(Harness.user("boss")),
                Harness.operation(Harness.user("emp2", manager: "boss")),
            ]))
        let rows = try Self.rows(harness)
        #expect(rows.map(Self.summary) == ["emp:create:warning", "boss:create:success", "emp2:create:success"])
        let step = rows[0]["provisioningSteps"]?.arrayValue?.first {
            $0["provisioningStepType"] == "referenceResolution"
        }
        #expect(step?["status"] == "warning")
        #expect(
            rows[2]["provisioningSteps"]?.arrayValue?.contains {
                $0["provisioningStepType"] == "referenceResolution" && $0["status"] == "success"
            } == true)
    }

    @Test func userNameHeldByAnotherExternalIDFails() throws {
        let harness = try Harness()
        _ = try harness.upload(
            Harness.bulk([
                Harness.operation(Harness.user("1", userName: "same@contoso.com")),
                Harness.operation(Harness.user("2", userName: "same@contoso.com")),
            ]))
        let rows = try Self.rows(harness)
        #expect(rows.map(Self.summary) == ["1:create:success", "2:create:failure"])
        #expect(
            rows[1]["provisioningStatusInfo"]?["errorInformation"]?["errorCode"]
                == "AzureActiveDirectoryConflictingObjects")
    }

    @Test func recordFailureRateFailsRecordsWithRealisticCodes() throws {
        let harness = try Harness { $0.recordFailureRate = 1 }
        _ = try harness.upload(Harness.bulk(users: (1...20).map(String.init)))
        let rows = try Self.rows(harness)
        #expect(rows.count == 20)
        let codes = Set(
            rows.compactMap { $0["provisioningStatusInfo"]?["errorInformation"]?["errorCode"]?.stringValue })
        #expect(codes.isSubset(of: ["AzureActiveDirectoryInvalidUserPrincipalName", "InternalError"]))
        #expect(codes.contains("AzureActiveDirectoryInvalidUserPrincipalName"))
        #expect(rows.allSatisfy { $0["provisioningStatusInfo"]?["status"] == "failure" })
    }

    @Test func deleteRemovesAMatchedUser() throws {
        let harness = try Harness { $0.allowDelete = true }
        let gone = #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"1"}"#
        _ = try harness.upload(
            Harness.bulk([
                Harness.operation(Harness.user("1")), Harness.operation(gone, method: "DELETE"),
                Harness.operation(gone, method: "DELETE"),
            ]))
        #expect(
            try Self.rows(harness).map(Self.summary) == ["1:create:success", "1:delete:success", "1:delete:skipped"])
    }

    @Test func pausedJobQueuesUntilStarted() throws {
        let harness = try Harness { $0.jobState = .paused }
        let token = try harness.token()
        #expect(try harness.upload(Harness.bulk(users: ["1", "2"]), token: token).status == 202)
        #expect(try harness.stat("processed") == 0)
        let jobPath = "/v1.0/servicePrincipals/\(Harness.spID)/synchronization/jobs/\(Harness.jobID)"
        #expect(
            try harness.send("POST", jobPath + "/start", headers: ["Authorization": "Bearer \(token)"]).status == 204)
        #expect(try harness.stat("processed") == 2)
    }

    @Test func processDelayAndLogDelayHoldBackProcessingAndRows() throws {
        let harness = try Harness {
            $0.processDelaySeconds = 10
            $0.logDelaySeconds = 300
        }
        _ = try harness.upload(Harness.bulk(users: ["1"]))
        #expect(try harness.stat("processed") == 0)
        harness.clock.advance(by: 10)
        #expect(try harness.stat("processed") == 1)
        #expect(try harness.stat("logRows") == 0)
        harness.clock.advance(by: 300)
        #expect(try harness.stat("logRows") == 1)
        #expect(try Self.rows(harness).count == 1)
    }

    @Test func usersEndpointHoldsLastAcceptedDataAndResetClearsAll() throws {
        let harness = try Harness()
        _ = try harness.upload(
            Harness.bulk([Harness.operation(Harness.user("1")), Harness.operation(Harness.user("1", active: false))]))
        let users = try #require(try harness.send("GET", "/_emulator/users").json?["users"])
        #expect(users["1"]?["active"] == .bool(false))
        #expect(try harness.send("POST", "/_emulator/reset").status == 204)
        #expect(try harness.send("GET", "/_emulator/users").json?["users"] == .object([]))
        let stats = try harness.stats()
        guard case .object(let members) = stats else {
            Issue.record("stats is not an object")
            return
        }
        #expect(
            members.map(\.key).sorted() == [
                "accepted", "directoryRequests", "directoryThrottled", "dropped", "duplicateRecords", "logRequests",
                "logRows", "logThrottled",
                "maxRequestsInOneSecond",
                "maxRequestsInWindow", "processed", "recordsReceived", "rejected", "requests", "serverErrors",
                "throttleEpisodes", "throttled", "tokensIssued", "uniqueRecords",
            ])
        #expect(members.allSatisfy { $0.value == .number("0") })
    }
}
