import EmulatorKit
import Foundation
import JSONDocument
import Testing

@testable import EntraEmulator

/// A small tenant: a manager, a disabled leaver reporting to her, a user without employeeId, a guest, and a user with
/// a secondary proxy address.
enum DirectoryFixtures {
    static let ann = "aaaaaaaa-0000-4000-8000-000000000001"
    static let bob = "aaaaaaaa-0000-4000-8000-000000000002"
    static let cara = "aaaaaaaa-0000-4000-8000-000000000003"
    static let dan = "aaaaaaaa-0000-4000-8000-000000000004"
    static let eve = "aaaaaaaa-0000-4000-8000-000000000005"

    static let seedText = """
        [
          {"id": "\(ann)", "userPrincipalName": "ann.lee@contoso.com", "displayName": "Ann Lee", "employeeId": "1001",
           "mail": "ann.lee@contoso.com", "mailNickname": "ann.lee", "jobTitle": "CFO", "department": "Finance",
           "companyName": "Contoso", "@odata.type": "#microsoft.graph.user"},
          {"id": "\(bob)", "userPrincipalName": "bob.ray@contoso.com", "displayName": "Bob Ray", "employeeId": "1002",
           "accountEnabled": false, "mail": "bob.ray@contoso.com", "manager": {"id": "\(ann)"}},
          {"id": "\(cara)", "userPrincipalName": "cara.diaz@contoso.com", "displayName": "Cara Diaz",
           "mail": "cara.diaz@contoso.com", "mailNickname": "cdiaz", "businessPhones": ["+1 555 0100"]},
          {"id": "\(dan)", "userPrincipalName": "dan_fabrikam.com#EXT#@contoso.onmicrosoft.com",
           "displayName": "Dan (Fabrikam)", "userType": "Guest", "mail": "dan@fabrikam.com",
           "mailNickname": "dan_fabrikam.com#EXT#"},
          {"id": "\(eve)", "userPrincipalName": "eve.moss@contoso.com", "displayName": "Eve Moss", "employeeId": "1005",
           "mail": "eve.moss@contoso.com", "proxyAddresses": ["SMTP:eve.moss@contoso.com", "smtp:eve@contoso.com"]}
        ]
        """

    static func seed(_ text: String = seedText) throws -> [DirectoryUser] {
        try DirectorySeed.users(in: JSON.parse(Array(text.utf8)))
    }

    /// An emulator whose directory holds the fixture tenant.
    static func harness(_ configure: (inout EmulatorConfiguration) -> Void = { _ in }) throws -> Harness {
        let users = try seed()
        return try Harness {
            $0.directorySeed = users
            configure(&$0)
        }
    }

    /// `?name=value&…`, every value percent-encoded.
    static func query(_ options: KeyValuePairs<String, String>) -> String {
        "?" + options.map { "\($0.key)=\(LogsQuery.encode($0.value))" }.joined(separator: "&")
    }
}

extension Harness {
    /// `GET /{version}/users{path}{query}` with a token (and `ConsistencyLevel: eventual` when `eventual`).
    func users(
        _ query: String = "", path: String = "", token: String? = nil, eventual: Bool = false,
        version: String = "v1.0"
    ) throws -> TestResponse {
        var headers = ["Authorization": "Bearer \(try token ?? self.token())"]
        if eventual { headers["ConsistencyLevel"] = "eventual" }
        return try send("GET", "/\(version)/users\(path)\(query)", headers: headers)
    }

    /// The ids of the users a `/users` answer lists, in its order.
    static func ids(_ response: TestResponse) -> [String] {
        response.json?["value"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    /// `POST /v1.0/$batch` with `requests`.
    func batch(_ requests: [JSON], token: String? = nil) throws -> TestResponse {
        let body = JSON.object(["requests": .array(requests)])
        let headers = ["Authorization": "Bearer \(try token ?? self.token())", "Content-Type": "application/json"]
        return try send(
            "POST", "/v1.0/$batch", headers: headers, body: String(decoding: body.serialized, as: UTF8.self))
    }

    /// A user record with a work email.
    static func user(_ externalID: String, userName: String, mail: String, active: Bool = true) -> String {
        let base = user(externalID, userName: userName, active: active)
        return String(base.dropLast()) + #","emails":[{"value":"\#(mail)","type":"work","primary":true}]}"#
    }
}
