import EmulatorKit
import Foundation
import JSONDocument
import Testing

@testable import EntraEmulator

@Suite struct BatchTests {
    typealias F = DirectoryFixtures

    static func request(_ id: String, _ url: String, method: String = "GET", headers: JSON? = nil) -> JSON {
        var members = [
            JSONMember("id", .string(id)), JSONMember("method", .string(method)), JSONMember("url", .string(url)),
        ]
        if let headers { members.append(JSONMember("headers", headers)) }
        return .object(members)
    }

    /// The answers by id.
    static func responses(_ response: TestResponse) throws -> [String: JSON] {
        let list = try #require(response.json?["responses"]?.arrayValue)
        return Dictionary(uniqueKeysWithValues: list.map { ($0["id"]?.stringValue ?? "?", $0) })
    }

    @Test func eachRequestGetsItsOwnStatusHeadersAndBody() throws {
        let harness = try F.harness()
        let response = try harness.batch([
            Self.request("1", "/users?$filter=employeeId in ('1001','1002')&$select=id,employeeId"),
            Self.request("2", "users?$filter=" + LogsQuery.encode("mail eq 'dan@fabrikam.com'") + "&$select=id"),
            Self.request(
                "3", "/users?$filter=employeeId eq null&$count=true&$select=id",
                headers: .object(["ConsistencyLevel": "eventual"])),
            Self.request("4", "/users/\(F.bob)/manager?$select=id"),
        ])
        #expect(response.status == 200)
        let answers = try Self.responses(response)
        #expect(answers.keys.sorted() == ["1", "2", "3", "4"])
        for answer in answers.values {
            #expect(answer["status"] == .number(200), "\(answer)")
            #expect(answer["headers"]?["Content-Type"]?.stringValue?.hasPrefix("application/json") == true)
        }
        #expect(
            answers["1"]?["body"]?["value"]?.arrayValue?.compactMap { $0["employeeId"]?.stringValue } == [
                "1001", "1002",
            ])
        #expect(answers["2"]?["body"]?["value"]?.arrayValue?.first?["id"] == .string(F.dan))
        #expect(answers["3"]?["body"]?["@odata.count"] == .number(2), "ConsistencyLevel from the inner headers")
        #expect(answers["4"]?["body"]?["id"] == .string(F.ann))
        #expect(try harness.stat("directoryRequests") == 4, "each inner request counts")
    }

    @Test func answersComeInNoParticularOrder() throws {
        let harness = try F.harness()
        let requests = (1...20).map { Self.request("r\($0)", "/users?$select=id&$top=1") }
        let orders = try (0..<3).map { _ in
            try #require(try harness.batch(requests).json?["responses"]?.arrayValue).compactMap {
                $0["id"]?.stringValue
            }
        }
        #expect(orders.allSatisfy { Set($0) == Set(requests.compactMap { $0["id"]?.stringValue }) })
        #expect(orders.contains { $0 != requests.compactMap { $0["id"]?.stringValue } })
    }

    @Test func aThrottledRequestGets429WithItsOwnRetryAfterInsideA200() throws {
        let harness = try F.harness { $0.directoryRate = .init(count: 2, windowSeconds: 10) }
        let response = try harness.batch((1...3).map { Self.request("\($0)", "/users?$select=id") })
        #expect(response.status == 200)
        let answers = try Self.responses(response)
        let throttled = answers.values.filter { $0["status"] == .number(429) }
        #expect(throttled.count == 1)
        #expect(throttled.first?["headers"]?["Retry-After"] == "10")
        #expect(throttled.first?["body"]?["error"]?["code"] == "TooManyRequests")
        #expect(answers.values.filter { $0["status"] == .number(200) }.count == 2)
        #expect(try harness.stat("directoryThrottled") == 1)
    }

    @Test func dependsOnOrdersRequestsAndFailsDependantsOfAFailure() throws {
        let harness = try F.harness()
        var second = Self.request("b", "/users?$select=id")
        second = second.setting("dependsOn", to: ["a"])
        var third = Self.request("c", "/users?$select=id")
        third = third.setting("dependsOn", to: ["b"])
        let response = try harness.batch([third, second, Self.request("a", "/users?$filter=shoeSize eq '9'")])
        let answers = try Self.responses(response)
        #expect(answers["a"]?["status"] == .number(400))
        #expect(answers["b"]?["status"] == .number(424))
        #expect(answers["c"]?["status"] == .number(424))
    }

    static let malformed: [(name: String, body: [JSON])] = [
        ("21 requests", (1...21).map { request("\($0)", "/users") }),
        ("no requests", []),
        ("absolute url", [request("1", "https://graph.microsoft.com/v1.0/users")]),
        ("duplicate ids", [request("x", "/users"), request("X", "/users")]),
        ("missing method", [.object(["id": "1", "url": "/users"])]),
        ("unknown dependency", [request("1", "/users").setting("dependsOn", to: ["9"])]),
        (
            "cycle",
            [
                request("1", "/users").setting("dependsOn", to: ["2"]),
                request("2", "/users").setting("dependsOn", to: ["1"]),
            ]
        ),
    ]

    @Test(arguments: malformed)
    func aMalformedBatchIs400(name: String, body: [JSON]) throws {
        let harness = try F.harness()
        let response = try harness.batch(body)
        #expect(response.status == 400, "\(name)")
        #expect(response.errorCode == "BadRequest")
        #expect(response.errorMessage?.hasPrefix("Invalid batch payload format") == true)
    }

    @Test func onlyDirectoryReadsAreAnsweredAndEachNeedsItsPermission() throws {
        let harness = try F.harness()
        let answers = try Self.responses(
            try harness.batch([
                Self.request("write", "/users", method: "POST"),
                Self.request("logs", "/auditLogs/provisioning"),
            ]))
        #expect(answers["write"]?["status"] == .number(405))
        #expect(answers["write"]?["body"]?["error"]?["code"] == "Request_BadRequest")
        #expect(answers["logs"]?["status"] == .number(400))

        let uploader = try F.harness { $0.roles = ["SynchronizationData-User.Upload"] }
        let denied = try Self.responses(try uploader.batch([Self.request("1", "/users")]))
        #expect(denied["1"]?["status"] == .number(403))
        #expect(denied["1"]?["body"]?["error"]?["code"] == "Authorization_RequestDenied")
        let anonymous = try uploader.send("POST", "/v1.0/$batch", body: #"{"requests":[]}"#)
        #expect(anonymous.status == 401)
    }
}
