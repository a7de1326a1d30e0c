import Foundation
import JSONDocument
import TestSupport
import Testing
import Transport

/// A Graph that answers directory reads from a list of users, for a closure transport: `POST /v1.0/$batch` of
/// `GET /users?$filter=…` (the shapes the reader sends: `eq`, `in`, `proxyAddresses/any(p:p eq …)`), plain `GET
/// /users` pages and `/users/$count`. Inner answers come back in reverse order, so the reader must match on id.
/// It records every request, and can throttle, deny or fail chosen inner requests.
final class FakeDirectoryGraph: @unchecked Sendable {
    // @unchecked: every mutable field is touched under `lock`.
    private let lock = NSLock()
    let time: ManualTimeSource
    private var users: [JSON]
    var pageSize = 999
    /// Inner requests (by their decoded filter) answered 429 with this Retry-After the first time.
    var throttleOnce: [String: String] = [:]
    /// An inner answer for every request (e.g. 403), instead of reading.
    var innerStatus: (status: Int, code: String)?
    /// A next link pointing elsewhere (for the hostile-link test).
    var nextLinkBase = "http://127.0.0.1:9/v1.0"

    struct Inner: Sendable {
        var time: Double
        var url: String
        var filter: String?
        var headers: [String: String]
    }
    private var innerLog: [Inner] = []
    private var batchSizes: [Int] = []
    private var plainLog: [String] = []

    init(users: [JSON], time: ManualTimeSource = ManualTimeSource()) {
        self.users = users
        self.time = time
    }

    var inner: [Inner] { lock.withLock { innerLog } }
    var batches: [Int] { lock.withLock { batchSizes } }
    var plain: [String] { lock.withLock { plainLog } }

    var transport: ClosureTransport {
        ClosureTransport { [self] request in
            #expect(request.header("Authorization") == "Bearer tok")
            let path = request.url.path
            if request.method == "POST", path.hasSuffix("/$batch") { return batch(request) }
            lock.withLock { plainLog.append(request.url.absoluteString) }
            if path.hasSuffix("/users/$count") {
                #expect(request.header("ConsistencyLevel") == "eventual")
                return HTTPResponse(status: 200, body: Data(String(lock.withLock { users.count }).utf8))
            }
            let query = request.url.query.map { "?" + $0 } ?? ""
            let (status, body) = answer("/users" + query, headers: [:])
            return HTTPResponse(status: status, body: body.serialized)
        }
    }

    private func batch(_ request: HTTPRequest) -> HTTPResponse {
        let document = try! JSON.parse(request.body ?? Data())
        let items = document["requests"]?.arrayValue ?? []
        lock.withLock { batchSizes.append(items.count) }
        var responses: [JSON] = []
        for item in items {
            let url = item["url"]?.stringValue ?? ""
            var headers: [String: String] = [:]
            for member in item["headers"]?.members ?? [] { headers[member.key] = member.value.stringValue }
            let (status, body, extra) = innerAnswer(url, headers: headers)
            responses.append(
                .object([
                    JSONMember("id", item["id"] ?? .null), JSONMember("status", .number(status)),
                    JSONMember("headers", .object(extra.map { JSONMember($0.key, .string($0.value)) })),
                    JSONMember("body", body),
                ]))
        }
        return HTTPResponse(status: 200, body: JSON.object(["responses": .array(responses.reversed())]).serialized)
    }

    private func innerAnswer(_ url: String, headers: [String: String]) -> (Int, JSON, [String: String]) {
        let options = Self.options(url)
        let filter = options["$filter"]
        let throttled = lock.withLock { () -> String? in
            innerLog.append(Inner(time: time.now(), url: url, filter: filter, headers: headers))
            guard let filter, let wait = throttleOnce[filter] else { return nil }
            throttleOnce[filter] = nil
            return wait
        }
        if let throttled {
            let body: JSON = .object([
                "error": .object(["code": "TooManyRequests", "message": "Please retry again later."])
            ])
            return (429, body, ["Retry-After": throttled])
        }
        if let (status, code) = lock.withLock({ innerStatus }) {
            return (status, .object(["error": .object(["code": .string(code), "message": "refused"])]), [:])
        }
        let (status, body) = answer(url, headers: headers)
        return (status, body, ["x-ms-resource-unit": "1"])
    }

    /// A page of the users `url`'s filter matches.
    private func answer(_ url: String, headers: [String: String]) -> (Int, JSON) {
        let options = Self.options(url)
        let matches: (JSON) -> Bool
        if let filter = options["$filter"] {
            guard let parsed = Self.parse(filter) else {
                return (400, .object(["error": .object(["code": "BadRequest", "message": .string(filter)])]))
            }
            matches = parsed
        } else {
            matches = { _ in true }
        }
        let all = lock.withLock { users }.filter(matches)
        let top = Int(options["$top"] ?? "100") ?? 100
        let size = min(top, lock.withLock { pageSize })
        let start = Int(options["$skiptoken"] ?? "0") ?? 0
        let select = options["$select"]?.split(separator: ",").map(String.init)
        let page = all.dropFirst(start).prefix(size).map { user -> JSON in
            guard let select else { return user }
            return .object((["id"] + select).compactMap { name in user[name].map { JSONMember(name, $0) } })
        }
        var members = [JSONMember("value", .array(page))]
        if start + size < all.count {
            let query = url.split(separator: "?", maxSplits: 1).last.map(String.init) ?? ""
            let kept = query.split(separator: "&").filter { !$0.hasPrefix("$skiptoken=") }.joined(separator: "&")
            members.append(
                JSONMember("@odata.nextLink", .string("\(nextLinkBase)/users?\(kept)&$skiptoken=\(start + size)")))
        }
        return (200, .object(members))
    }

    /// The decoded query options of a relative URL.
    static func options(_ url: String) -> [String: String] {
        guard let query = url.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
        var options: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            options[parts[0]] = parts.count == 2 ? parts[1].removingPercentEncoding : ""
        }
        return options
    }

    /// `p eq 'v'`, `p in ('a','b')`, `proxyAddresses/any(p:p eq 'v')`; strings compare ignoring case.
    static func parse(_ filter: String) -> ((JSON) -> Bool)? {
        if filter.hasPrefix("proxyAddresses/any(p:p eq "), filter.hasSuffix(")") {
            let literal = filter.dropFirst("proxyAddresses/any(p:p eq ".count).dropLast()
            guard let values = literals(String(literal)), values.count == 1 else { return nil }
            return { user in
                (user["proxyAddresses"]?.arrayValue ?? []).contains {
                    $0.stringValue?.lowercased() == values[0].lowercased()
                }
            }
        }
        let parts = filter.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count == 3 else { return nil }
        let property = parts[0]
        let values: [String]?
        switch parts[1] {
        case "eq": values = literals(parts[2])
        case "in" where parts[2].hasPrefix("(") && parts[2].hasSuffix(")"):
            values = literals(String(parts[2].dropFirst().dropLast()))
        default: values = nil
        }
        guard let values else { return nil }
        let wanted = Set(values.map { $0.lowercased() })
        return { user in user[property]?.stringValue.map { wanted.contains($0.lowercased()) } ?? false }
    }

    /// `'a','b'` with `''` inside a literal; nil when malformed.
    static func literals(_ text: String) -> [String]? {
        var values: [String] = []
        var characters = Array(text)[...]
        while let first = characters.first {
            guard first == "'" else { return nil }
            characters = characters.dropFirst()
            var value = ""
            while true {
                guard let next = characters.first else { return nil }
                characters = characters.dropFirst()
                if next == "'" {
                    if characters.first == "'" {
                        value.append("'")
                        characters = characters.dropFirst()
                    } else {
                        break
                    }
                } else {
                    value.append(next)
                }
            }
            values.append(value)
            if characters.first == "," {
                characters = characters.dropFirst()
            } else if !characters.isEmpty {
                return nil
            }
        }
        return values
    }
}

/// A token provider that hands out a fixed token.
struct StaticTokens: AccessTokenProvider {
    func token() async throws -> String { "tok" }
    func invalidate(_ rejected: String) async {}
}

/// A user object as Graph shows it.
func graphUser(
    _ id: String, upn: String, employeeId: String? = nil, mail: String? = nil, nickname: String? = nil,
    enabled: Bool = true, guest: Bool = false, proxies: [String]? = nil, extra: [String: String] = [:]
) -> JSON {
    var members = [
        JSONMember("id", .string(id)), JSONMember("userPrincipalName", .string(upn)),
        JSONMember("accountEnabled", .bool(enabled)), JSONMember("userType", .string(guest ? "Guest" : "Member")),
    ]
    if let employeeId { members.append(JSONMember("employeeId", .string(employeeId))) }
    if let mail { members.append(JSONMember("mail", .string(mail))) }
    if let nickname { members.append(JSONMember("mailNickname", .string(nickname))) }
    let addresses = proxies ?? (mail.map { ["SMTP:" + $0] } ?? [])
    members.append(JSONMember("proxyAddresses", .array(addresses.map(JSON.string))))
    for (key, value) in extra.sorted(by: { $0.key < $1.key }) { members.append(JSONMember(key, .string(value))) }
    return .object(members)
}
