import EmulatorKit
import Foundation
import JSONDocument
import TestSupport
import Testing

@testable import EntraEmulator

/// An emulator on a free 127.0.0.1 port with a manual clock, plus helpers to talk to it.
final class Harness {
    static let tenant = "00000000-0000-0000-0000-0000000000aa"
    static let client = "11111111-1111-1111-1111-111111111111"
    static let spID = "22222222-2222-2222-2222-222222222222"
    static let jobID = "API2AAD.000000000000000000000000000000aa.33333333-3333-3333-3333-333333333333"
    static let bulkPath = "/v1.0/servicePrincipals/\(spID)/synchronization/jobs/\(jobID)/bulkUpload"
    static let tokenPath = "/\(tenant)/oauth2/v2.0/token"

    static let schemaPath = "/v1.0/servicePrincipals/\(spID)/synchronization/jobs/\(jobID)/schema"

    let emulator: Emulator
    let port: Int
    let clock = ManualEmulatorClock()
    let connection: TestConnection
    /// What the emulator wrote to its own log (stderr when it runs as a program).
    let log: Recorder<String>

    init(_ configure: (inout EmulatorConfiguration) -> Void = { _ in }) throws {
        var configuration = EmulatorConfiguration()
        configuration.seed = 42
        configure(&configuration)
        let log = Recorder<String>()
        self.log = log
        emulator = Emulator(configuration: configuration, clock: clock, log: { log.append($0) })
        port = try emulator.start()
        connection = try TestConnection(port: port)
    }

    deinit { emulator.stop() }

    func newConnection() throws -> TestConnection { try TestConnection(port: port) }

    func send(_ method: String, _ path: String, headers: [String: String] = [:], body: String = "") throws
        -> TestResponse
    {
        try connection.request(method, path, headers: headers, body: Array(body.utf8))
    }

    func tokenResponse(_ form: String, headers: [String: String] = [:], tenant: String = Harness.tenant) throws
        -> TestResponse
    {
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        return try send("POST", "/\(tenant)/oauth2/v2.0/token", headers: all, body: form)
    }

    static let goodForm =
        "grant_type=client_credentials&client_id=\(client)&client_secret=emulator-secret&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"

    func token() throws -> String {
        let response = try tokenResponse(Self.goodForm)
        return try #require(response.json?["access_token"]?.stringValue)
    }

    func upload(
        _ body: String, token: String? = nil, contentType: String = "application/scim+json",
        path: String = Harness.bulkPath
    ) throws -> TestResponse {
        let bearer = try token ?? self.token()
        return try send(
            "POST", path, headers: ["Authorization": "Bearer \(bearer)", "Content-Type": contentType], body: body)
    }

    func logs(_ query: String = "", token: String? = nil, version: String = "v1.0") throws -> TestResponse {
        let bearer = try token ?? self.token()
        return try send(
            "GET", "/\(version)/auditLogs/provisioning\(query)", headers: ["Authorization": "Bearer \(bearer)"])
    }

    func schema(token: String? = nil, version: String = "v1.0") throws -> TestResponse {
        let bearer = try token ?? self.token()
        let path = Self.schemaPath.replacingOccurrences(of: "/v1.0/", with: "/\(version)/")
        return try send("GET", path, headers: ["Authorization": "Bearer \(bearer)"])
    }

    func putSchema(_ body: String, token: String? = nil) throws -> TestResponse {
        let bearer = try token ?? self.token()
        let headers = ["Authorization": "Bearer \(bearer)", "Content-Type": "application/json"]
        return try send("PUT", Self.schemaPath, headers: headers, body: body)
    }

    func stats() throws -> JSON {
        try #require(try send("GET", "/_emulator/stats").json)
    }

    func stat(_ key: String) throws -> Int {
        guard case .number(let text)? = try stats()[key] else { return -1 }
        return Int(text) ?? -1
    }

    // MARK: bodies

    /// A user; `active` is there unless a test passes nil (a record without it is disabled).
    static func user(_ externalID: String, userName: String? = nil, active: Bool? = true, manager: String? = nil)
        -> String
    {
        var fields = [
            #""schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]"#,
            #""externalId":"\#(externalID)""#, #""userName":"\#(userName ?? "u\(externalID)@contoso.com")""#,
            #""displayName":"User \#(externalID)""#,
        ]
        if let active { fields.append(#""active":\#(active)"#) }
        if let manager {
            fields.append(
                #""urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"\#(manager)"}}"#)
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func operation(_ data: String, method: String = "POST", path: String = "/Users") -> String {
        #"{"method":"\#(method)","bulkId":"b","path":"\#(path)","data":\#(data)}"#
    }

    static func bulk(_ operations: [String]) -> String {
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[\#(operations.joined(separator: ","))],"failOnErrors":null}"#
    }

    static func bulk(users ids: [String]) -> String { bulk(ids.map { operation(user($0)) }) }
}

extension JSON {
    var intValue: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }
}
