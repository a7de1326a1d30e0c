import Directory
import DirectoryClient
import Foundation
import TestSupport
import Testing
import Transport

/// The real emulator seen through the real `CurlTransport`: a token, a directory reader, a bulkUpload POST and the
/// provisioning log rows.
struct EmulatorGraph {
    let emulator: EmulatorProcess
    let transport = CurlTransport()
    let token: String

    /// Starts the emulator with `arguments` and fetches a token.
    init(_ arguments: [String]) async throws {
        emulator = try EmulatorProcess(arguments)
        let form =
            "grant_type=client_credentials&client_id=\(EmulatorProcess.client)&client_secret=\(EmulatorProcess.secret)"
            + "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
        let response = try await CurlTransport().send(
            HTTPRequest(
                method: "POST", url: URL(string: "\(emulator.authority)/\(EmulatorProcess.tenant)/oauth2/v2.0/token")!,
                headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(form.utf8),
                timeoutSeconds: 20))
        let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        token = try #require(object?["access_token"] as? String)
    }

    struct Tokens: AccessTokenProvider {
        let value: String
        func token() async throws -> String { value }
        func invalidate(_ rejected: String) async {}
    }

    func reader(attributes: [String], configure: (inout DirectoryReader.Settings) -> Void = { _ in })
        -> DirectoryReader
    {
        var settings = DirectoryReader.Settings(graphBase: emulator.authority, attributes: attributes)
        configure(&settings)
        return DirectoryReader(
            settings: settings, transport: transport, tokens: Tokens(value: token), time: SystemTimeSource())
    }

    /// POSTs one BulkRequest of `users` (SCIM user objects) to the job's bulkUpload endpoint.
    func upload(_ users: [[String: Any]]) async throws {
        let operations = users.map { user -> [String: Any] in
            ["method": "POST", "bulkId": user["externalId"] as? String ?? "", "path": "/Users", "data": user]
        }
        let body: [String: Any] = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": operations,
            "failOnErrors": NSNull(),
        ]
        let response = try await transport.send(
            HTTPRequest(
                method: "POST", url: URL(string: emulator.endpoint)!,
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/scim+json"],
                body: try JSONSerialization.data(withJSONObject: body), timeoutSeconds: 20))
        #expect(response.status == 202, "\(String(decoding: response.body, as: UTF8.self))")
    }

    /// The provisioning log rows, by externalId, once there are `count` of them (polled, within 30 s).
    func logRows(count: Int) async throws -> [String: [String: Any]] {
        let url = URL(string: "\(emulator.authority)/v1.0/auditLogs/provisioning?$top=999")!
        let deadline = Date().addingTimeInterval(30)
        while true {
            let response = try await transport.send(
                HTTPRequest(method: "GET", url: url, headers: ["Authorization": "Bearer \(token)"], timeoutSeconds: 20))
            if response.status == 200 {
                let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
                let rows = object?["value"] as? [[String: Any]] ?? []
                if rows.count >= count || Date() > deadline {
                    var byRecord: [String: [String: Any]] = [:]
                    for row in rows {
                        let id = (row["sourceIdentity"] as? [String: Any])?["id"] as? String ?? ""
                        byRecord[id] = row
                    }
                    return byRecord
                }
            } else if Date() > deadline {
                Issue.record("the logs answered \(response.status)")
                return [:]
            }
            // The logs allow 5 reads in 10 s: poll gently.
            try await Task.sleep(nanoseconds: 2_100_000_000)
        }
    }
}

/// What a log row says of one record, in the prediction's terms.
struct LoggedOutcome: Equatable, CustomStringConvertible {
    var action: String
    var status: String
    var errorCode: String?
    /// `name: old → new`, manager left out (its values are object ids), sorted.
    var changes: [String]

    init(_ row: [String: Any]) {
        action = row["provisioningAction"] as? String ?? ""
        let info = row["provisioningStatusInfo"] as? [String: Any]
        status = info?["status"] as? String ?? ""
        errorCode = (info?["errorInformation"] as? [String: Any])?["errorCode"] as? String
        let properties = row["modifiedProperties"] as? [[String: Any]] ?? []
        changes = properties.compactMap { property in
            let name = property["displayName"] as? String ?? ""
            guard name.lowercased() != "manager" else { return nil }
            return "\(name): \(property["oldValue"] as? String ?? "-") → \(property["newValue"] as? String ?? "-")"
        }.sorted()
    }

    init(_ prediction: DirectoryPrediction) {
        action = prediction.loggedAction
        let unresolved = prediction.findings.contains { $0.kind.hasPrefix("manager") }
        status = prediction.fails ? "failure" : unresolved ? "warning" : "success"
        errorCode =
            prediction.findings.contains { $0.kind.hasPrefix("collision") } && prediction.fails
            ? "AzureActiveDirectoryConflictingObjects"
            : prediction.outcome == .ambiguous
                ? "DuplicateTargetEntries"
                : unresolved ? "UnableToResolveReferenceAttributeValue" : nil
        changes =
            prediction.fails
            ? [] : prediction.changes.map { "\($0.attribute): \($0.old ?? "-") → \($0.new ?? "-")" }.sorted()
    }

    var description: String { "\(action) \(status) \(errorCode ?? "") \(changes)" }
}
