import Foundation
import Testing

@testable import EntraEmulator

@Suite struct JobEndpointTests {
    static let path = "/v1.0/servicePrincipals/\(Harness.spID)/synchronization/jobs/\(Harness.jobID)"

    @Test(arguments: EmulatorConfiguration.JobState.allCases)
    func reportsConfiguredState(state: EmulatorConfiguration.JobState) throws {
        let harness = try Harness {
            $0.jobState = state
            $0.quarantineReason = "TooManyDeletes"
        }
        let response = try harness.send("GET", Self.path, headers: ["Authorization": "Bearer \(try harness.token())"])
        #expect(response.status == 200)
        let job = try #require(response.json)
        #expect(job["id"] == .string(Harness.jobID))
        #expect(job["templateId"] == "API2AAD")
        #expect(job["status"]?["code"] == .string(state.rawValue))
        if state == .quarantine {
            #expect(job["status"]?["quarantine"]?["reason"] == "TooManyDeletes")
            #expect(job["status"]?["quarantine"]?["error"]?["code"] != nil)
        } else {
            #expect(job["status"]?["quarantine"] == .null)
        }
    }

    @Test func pauseAndStartChangeTheState() throws {
        let harness = try Harness { $0.roles = [] }
        let auth = ["Authorization": "Bearer \(try harness.token())"]
        #expect(try harness.send("POST", Self.path + "/pause", headers: auth).status == 204)
        #expect(try harness.send("GET", Self.path, headers: auth).json?["status"]?["code"] == "Paused")
        #expect(try harness.send("POST", Self.path + "/start", headers: auth).status == 204)
        #expect(try harness.send("GET", Self.path, headers: auth).json?["status"]?["code"] == "Active")
    }

    @Test func restartOfAStoppedJobPurgesQueuedRecords() throws {
        let harness = try Harness { $0.jobState = .quarantine }
        let token = try harness.token()
        _ = try harness.upload(Harness.bulk(users: ["1"]), token: token)
        #expect(
            try harness.send("POST", Self.path + "/restart", headers: ["Authorization": "Bearer \(token)"]).status
                == 204)
        #expect(try harness.stat("processed") == 0)
        _ = try harness.upload(Harness.bulk(users: ["2"]), token: token)
        #expect(try harness.stat("processed") == 1)
    }

    @Test func needsATokenAndAKnownJob() throws {
        let harness = try Harness()
        #expect(try harness.send("GET", Self.path).status == 401)
        let auth = ["Authorization": "Bearer \(try harness.token())"]
        #expect(
            try harness.send(
                "GET", Self.path.replacingOccurrences(of: "3333-3333-3333", with: "3333-3333-4444"), headers: auth
            ).status == 404)
        #expect(try harness.send("DELETE", Self.path, headers: auth).status == 405)
        #expect(
            try harness.send("GET", "/v1.0/servicePrincipals/\(Harness.spID)/synchronization/jobs", headers: auth)
                .json?["value"]?.arrayValue?.count == 1)
    }
}
