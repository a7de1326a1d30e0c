import Foundation
import JSONDocument
import Testing

@testable import EntraEmulator

@Suite struct BulkUploadRouteTests {
    @Test func acceptsWith202EmptyBodyAndLocation() throws {
        let harness = try Harness()
        let token = try harness.token()
        let response = try harness.connection.request(
            "POST", Harness.bulkPath,
            headers: [
                "Authorization": "Bearer \(token)", "Content-Type": "application/scim+json; charset=utf-8",
                "client-request-id": "abc-123",
            ],
            body: Array(Harness.bulk(users: ["701984", "701985"]).utf8))
        #expect(response.status == 202)
        #expect(response.body.isEmpty)
        #expect(response.header("client-request-id") == "abc-123")
        #expect(response.header("request-id")?.count == 36)
        #expect(
            response.header("Location")
                == "http://127.0.0.1:\(harness.port)/v1.0/auditLogs/provisioning/?$filter=jobid%20eq%20'\(Harness.jobID)'"
        )
        let stats = try harness.stats()
        #expect(stats["accepted"]?.intValue == 1)
        #expect(stats["recordsReceived"]?.intValue == 2)
    }

    @Test func betaLocationKeepsTheVersion() throws {
        let harness = try Harness()
        let response = try harness.upload(
            Harness.bulk(users: ["1"]), path: Harness.bulkPath.replacingOccurrences(of: "/v1.0/", with: "/beta/"))
        #expect(response.status == 202)
        #expect(response.header("Location")?.contains("/beta/auditLogs/provisioning/?$filter=jobid%20eq%20'") == true)
    }

    static let user = Harness.user("1")
    static let badRequests: [(name: String, contentType: String, body: String, message: String)] = [
        ("content type before JSON", "application/json", "{not json", "Invalid Data Format"),
        ("unparsable JSON", "application/scim+json", "{not json", "not valid JSON"),
        ("not an object", "application/scim+json", "[]", "must be a JSON object"),
        (
            "wrong schemas", "application/scim+json",
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Operations":[]}"#,
            "'schemas' must be exactly"
        ),
        ("zero operations", "application/scim+json", Harness.bulk([]), "at least one operation"),
        (
            "51 operations", "application/scim+json", Harness.bulk(users: (1...51).map(String.init)),
            "51 operations; the maximum is 50"
        ),
        (
            "PATCH method", "application/scim+json",
            Harness.bulk([Harness.operation(user), Harness.operation(user, method: "PATCH")]),
            "Operations[1]: method 'PATCH'"
        ),
        (
            "DELETE without flag", "application/scim+json", Harness.bulk([Harness.operation(user, method: "DELETE")]),
            "Operations[0]: method 'DELETE'"
        ),
        (
            "wrong path", "application/scim+json", Harness.bulk([Harness.operation(user, path: "/Groups")]),
            "Operations[0]: path"
        ),
        (
            "missing data", "application/scim+json", Harness.bulk([#"{"method":"POST","path":"/Users"}"#]),
            "Operations[0]: 'data'"
        ),
        (
            "empty externalId", "application/scim+json",
            Harness.bulk([
                Harness.operation(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":""}"#)
            ]),
            "Operations[0]: data.externalId"
        ),
        (
            "no core schema", "application/scim+json",
            Harness.bulk([Harness.operation(#"{"schemas":[],"externalId":"1"}"#)]),
            "Operations[0]: data.schemas"
        ),
    ]

    @Test(arguments: badRequests)
    func rejectsStructuralProblemsInOrder(name: String, contentType: String, body: String, message: String) throws {
        let harness = try Harness()
        let response = try harness.upload(body, contentType: contentType)
        #expect(response.status == 400, "\(name)")
        #expect(response.errorCode == "BadRequest")
        #expect(response.errorMessage?.contains(message) == true, "\(name): \(response.errorMessage ?? "")")
        #expect(response.json?["error"]?["innerError"]?["request-id"]?.stringValue != nil)
        #expect(try harness.stat("rejected") == 1)
    }

    @Test func duplicateBulkIdsAreAccepted() throws {
        let harness = try Harness()
        #expect(try harness.upload(Harness.bulk(users: ["1", "1"])).status == 202)
        #expect(try harness.stat("duplicateRecords") == 1)
    }

    @Test func acceptsDeleteWhenAllowed() throws {
        let harness = try Harness { $0.allowDelete = true }
        let body = Harness.bulk([
            Harness.operation(
                #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"9"}"#, method: "DELETE")
        ])
        #expect(try harness.upload(body).status == 202)
    }

    @Test func missingTokenIs401WithChallenge() throws {
        let harness = try Harness()
        let response = try harness.send(
            "POST", Harness.bulkPath, headers: ["Content-Type": "application/scim+json"],
            body: Harness.bulk(users: ["1"]))
        #expect(response.status == 401)
        #expect(response.errorCode == "InvalidAuthenticationToken")
        #expect(response.errorMessage == "Access token is empty.")
        #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer realm=\"\"") == true)
    }

    @Test func tamperedAndExpiredTokensAre401() throws {
        let harness = try Harness { $0.tokenLifetimeSeconds = 60 }
        let token = try harness.token()
        let tampered = String(token.dropLast(2)) + (token.hasSuffix("AA") ? "BB" : "AA")
        #expect(
            try harness.upload(Harness.bulk(users: ["1"]), token: tampered).errorMessage
                == "Access token validation failure.")
        harness.clock.advance(by: 61)
        let expired = try harness.upload(Harness.bulk(users: ["1"]), token: token)
        #expect(expired.status == 401)
        #expect(expired.errorMessage == "Access token has expired or is not yet valid.")
    }

    @Test func tokenWithoutUploadRoleIs403() throws {
        let harness = try Harness { $0.roles = ["AuditLog.Read.All"] }
        let response = try harness.upload(Harness.bulk(users: ["1"]))
        #expect(response.status == 403)
        #expect(response.errorCode == "Authorization_RequestDenied")
    }

    @Test func unknownJobIs404AndOtherVerbsAre405() throws {
        let harness = try Harness()
        let path = Harness.bulkPath.replacingOccurrences(of: "33333333-3333", with: "44444444-4444")
        #expect(try harness.upload(Harness.bulk(users: ["1"]), path: path).status == 404)
        let token = try harness.token()
        #expect(try harness.send("GET", Harness.bulkPath, headers: ["Authorization": "Bearer \(token)"]).status == 405)
    }

    @Test func bodyOverTheLimitIs413() throws {
        let harness = try Harness { $0.maxBodyBytes = 300 }
        let response = try harness.upload(Harness.bulk(users: ["1", "2"]))
        #expect(response.status == 413)
        #expect(response.errorCode == "RequestEntityTooLarge")
    }
}
