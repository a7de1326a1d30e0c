import Foundation
import Testing

@testable import EntraEmulator

@Suite struct LogsEndpointTests {
    static func encode(_ text: String) -> String { LogsQuery.encode(text) }

    @Test func pagesWithOpaqueNextLinksWithoutDuplicates() throws {
        let harness = try Harness {
            $0.pageSize = 2
            $0.logsRate = .init(count: 100, windowSeconds: 10)
        }
        let token = try harness.token()
        _ = try harness.upload(Harness.bulk(users: ["1", "2", "3", "4", "5"]), token: token)
        var seen: [String] = []
        var path: String? = "/v1.0/auditLogs/provisioning?$filter=" + Self.encode("jobid eq '\(Harness.jobID)'")
        var pages = 0
        while let next = path, pages < 10 {
            let response = try harness.send("GET", next, headers: ["Authorization": "Bearer \(token)"])
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix("application/json;odata.metadata=minimal") == true)
            seen += response.json?["value"]?.arrayValue?.compactMap { $0["sourceIdentity"]?["id"]?.stringValue } ?? []
            let link = response.json?["@odata.nextLink"]?.stringValue
            if let link { #expect(link.contains("$skiptoken=")) }
            path = link.map { String($0.dropFirst("http://127.0.0.1:\(harness.port)".count)) }
            pages += 1
        }
        #expect(pages == 3)
        #expect(seen == ["5", "4", "3", "2", "1"])
    }

    static let filters: [(filter: String, expected: [String])] = [
        ("sourceIdentity/id eq '2'", ["2"]),
        ("jobId eq '\(Harness.jobID)' and sourceIdentity/id ne '2'", ["1", "3"]),
        ("provisioningStatusInfo/status eq 'FAILURE'", ["3"]),
        ("statusInfo/status eq 'success' and provisioningAction eq 'create'", ["1", "2"]),
        ("contains(sourceIdentity/displayName, 'User 3')", ["3"]),
        ("activityDateTime ge 2024-01-01T00:00:00Z", ["1", "2", "3"]),
        ("activityDateTime gt 2024-01-01T00:00:00Z", []),
        ("activityDateTime lt 2024-01-01T00:00:01Z and not (sourceIdentity/id eq '1')", ["2", "3"]),
        ("sourceIdentity/id eq '1' or sourceIdentity/id eq '3'", ["1", "3"]),
    ]

    @Test(arguments: filters)
    func filtersRows(filter: String, expected: [String]) throws {
        let harness = try Harness()
        _ = try harness.upload(
            Harness.bulk([
                Harness.operation(Harness.user("1", userName: "dup@contoso.com")), Harness.operation(Harness.user("2")),
                Harness.operation(Harness.user("3", userName: "dup@contoso.com")),
            ]))
        let response = try harness.logs("?$orderby=activityDateTime%20asc&$filter=" + Self.encode(filter))
        #expect(response.status == 200, "\(response.errorMessage ?? "")")
        #expect(
            response.json?["value"]?.arrayValue?.compactMap { $0["sourceIdentity"]?["id"]?.stringValue } == expected)
    }

    static let badQueries = [
        "?$filter=" + encode("nosuch eq 'x'"), "?$filter=" + encode("jobid eq"), "?$top=0", "?$orderby=id",
        "?$skiptoken=zzz",
    ]

    @Test(arguments: badQueries)
    func badQueriesAre400(query: String) throws {
        let harness = try Harness()
        let response = try harness.logs(query)
        #expect(response.status == 400)
        #expect(response.errorCode == "BadRequest")
    }

    @Test func betaRowsCarryStatusInfoAndAction() throws {
        let harness = try Harness()
        _ = try harness.upload(Harness.bulk(users: ["1"]))
        let beta = try #require(try harness.logs(version: "beta").json?["value"]?.arrayValue?.first)
        #expect(beta["action"] == "Create")
        #expect(beta["statusInfo"]?["status"] == "success")
        let v1 = try #require(try harness.logs().json?["value"]?.arrayValue?.first)
        #expect(v1["statusInfo"] == nil)
        for key in [
            "id", "activityDateTime", "jobId", "cycleId", "changeId", "servicePrincipal", "targetIdentity",
            "modifiedProperties",
        ] {
            #expect(v1[key] != nil, "missing \(key)")
        }
        #expect(v1["activityDateTime"] == "2024-01-01T00:00:00Z")
        #expect(v1["sourceIdentity"]?["identityType"] == "User")
    }

    @Test func logsAreThrottledAndNeedAReadRole() throws {
        let harness = try Harness()
        let token = try harness.token()
        for _ in 0..<5 { #expect(try harness.logs(token: token).status == 200) }
        let throttled = try harness.logs(token: token)
        #expect(throttled.status == 429)
        #expect(throttled.header("Retry-After") == "10")
        harness.clock.advance(by: 10)
        #expect(try harness.logs(token: token).status == 200)
        #expect(try harness.stat("logRequests") == 7)
        #expect(try harness.stat("logThrottled") == 1)

        let uploader = try Harness { $0.roles = ["SynchronizationData-User.Upload"] }
        #expect(try uploader.logs().status == 403)
    }

    @Test func filterParserRefusesGarbageWithoutTrapping() {
        for text in [
            "(", "eq eq eq", "contains(", "jobid eq 'open", "jobid eq '1' and", "((((jobid eq '1'", "not",
            "jobid gt 12abc",
        ] {
            #expect(throws: ODataFilterError.self, "\(text)") { try ODataFilter.parse(text) }
        }
        #expect((try? ODataFilter.parse("JobID eq 'it''s'")) == .comparison(property: "jobid", .eq, .string("it's")))
    }
}
