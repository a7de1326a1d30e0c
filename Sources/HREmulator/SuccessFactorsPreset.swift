import EmulatorKit
import Foundation
import JSONDocument

/// SAP SuccessFactors OData v2: `GET /odata/v2/User?$format=json` answers `{"d": {"results": [...], "__next": …}}`.
///
/// Server-side paging: a page holds `--page-size` users (or `customPageSize`, up to 1,000) and, while more remain,
/// an absolute `__next` link carrying an opaque `$skiptoken`. `$top`/`$skip` page on the client's side instead and
/// get no `__next`. As the service does, `User` lists active users only unless `$filter` names `status`; `$select`
/// keeps the listed properties (`manager/userId` with `$expand=manager`); dates are `/Date(milliseconds)/`; without
/// `$format=json` (or an `Accept` asking for JSON) the answer is Atom XML. Basic auth as `user@companyId`, or a
/// bearer token from the SAML bearer grant.
struct SuccessFactorsPreset {
    let state: HRState
    static let maximumPageSize = 1000

    func handle(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard request.method == "GET" else { return HRResponse.methodNotAllowed(request, allowed: "GET") }
        let tokens = TokenEndpoints(state: state)
        return state.serveListing(
            authorized: tokens.acceptsBasic(request) || tokens.acceptsBearer(request),
            refusal: Self.error(401, code: "Unauthorized", "Authentication failed: check the user and password.")
        ) { page(request) }
    }

    private func page(_ request: HTTPRequestMessage) -> PageAnswer {
        let query = request.query
        let configuration = state.configuration
        var people = state.withModel { $0.people }
        let everyone = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        if query["$filter"]?.lowercased().contains("status") != true { people = people.filter(\.active) }
        let window: PageWindow
        var serverPaged = true
        if let token = query["$skiptoken"] {
            guard let offset = Self.offset(fromSkipToken: token) else {
                return PageAnswer(
                    response: Self.error(400, code: "COE_GENERAL_BAD_REQUEST", "Invalid $skiptoken."), page: 1,
                    records: 0)
            }
            window = PageWindow(offset: offset, size: pageSize(query))
        } else if let top = query["$top"].flatMap(Int.init) {
            serverPaged = false
            window = PageWindow.clamped(
                offset: query["$skip"].flatMap(Int.init) ?? 0, requested: top, pageSize: configuration.pageSize)
        } else {
            window = PageWindow(offset: query["$skip"].flatMap(Int.init) ?? 0, size: pageSize(query))
        }
        let expand = Set((query["$expand"] ?? "").split(separator: ",").map { String($0).trimmed })
        let select = (query["$select"] ?? "").split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        let results = window.records(people).map { person in
            Self.select(select, from: record(person, expand: expand.contains("manager"), index: everyone))
        }
        let wantsJSON =
            query["$format"]?.lowercased() == "json" || request.header("Accept")?.lowercased().contains("json") == true
        guard wantsJSON else {
            let atom =
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                + "xmlns:d=\"http://schemas.microsoft.com/ado/2007/08/dataservices\"><title type=\"text\">User</title>"
                + "<!-- \(results.count) entries: ask for $format=json --></feed>\n"
            return PageAnswer(
                response: HRResponse.text(200, atom, contentType: "application/atom+xml;charset=utf-8"),
                page: window.number, records: results.count)
        }
        var d: [JSONMember] = [JSONMember("results", .array(results))]
        let next =
            serverPaged
            ? state.nextLink(request, window: window, total: people.count) {
                ["$skiptoken": Self.skipToken(offset: window.offset + window.size), "$skip": nil]
            } : nil
        if let next { d.append(JSONMember("__next", .string(next))) }
        return PageAnswer(
            response: HRResponse.json(200, .object(["d": .object(d)])), page: window.number, records: results.count)
    }

    private func pageSize(_ query: [String: String]) -> Int {
        let custom = query["customPageSize"].flatMap(Int.init).map { min(max(1, $0), Self.maximumPageSize) }
        return custom ?? state.configuration.pageSize
    }

    func record(_ person: Person, expand: Bool, index: [String: Person]) -> JSON {
        let uri = "\(state.baseURL)/odata/v2/User('\(person.id)')"
        var members = [
            JSONMember("__metadata", .object(["uri": .string(uri), "type": "SFOData.User"])),
            JSONMember("userId", .string(person.id)), JSONMember("empId", .string(person.id)),
            JSONMember("username", .optional(person.email.map { String($0.prefix { $0 != "@" }) })),
            JSONMember("firstName", .string(person.firstName)), JSONMember("lastName", .string(person.lastName)),
            JSONMember("nickname", .optional(person.preferredName)),
            JSONMember("displayName", .string(person.displayName)), JSONMember("email", .optional(person.email)),
            JSONMember("businessPhone", .optional(person.workPhone)),
            JSONMember("cellPhone", .optional(person.mobilePhone)), JSONMember("title", .optional(person.jobTitle)),
            JSONMember("department", .optional(person.department)), JSONMember("division", .null),
            JSONMember("location", .optional(person.city)), JSONMember("country", .optional(person.country)),
            JSONMember("jobCode", .optional(person.jobCode)), JSONMember("status", .string(person.active ? "t" : "f")),
            JSONMember("hireDate", .optional(person.hireDate.flatMap(HRDate.milliseconds).map { "/Date(\($0))/" })),
            JSONMember("custom01", .optional(person.costCenter)), JSONMember("custom02", .string(person.workerType)),
            JSONMember(
                "lastModifiedDateTime",
                .optional(
                    (person.terminationDate ?? person.hireDate).flatMap(HRDate.milliseconds).map {
                        "/Date(\($0)+0000)/"
                    })),
        ]
        if expand {
            let manager = person.managerID.flatMap { index[$0] }
            members.append(JSONMember("manager", manager.map { record($0, expand: false, index: index) } ?? .null))
        } else {
            members.append(JSONMember("manager", .object(["__deferred": .object(["uri": .string(uri + "/manager")])])))
        }
        return .object(members)
    }

    /// Keeps `__metadata` and the selected properties; `manager/userId` keeps that part of an expanded manager.
    static func select(_ paths: [String], from record: JSON) -> JSON {
        guard !paths.isEmpty, let members = record.members else { return record }
        var nested: [String: [String]] = [:]
        for path in paths {
            let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
            nested[parts[0], default: []] += parts.count > 1 ? [parts[1]] : []
        }
        return .object(
            members.compactMap { member in
                if member.key == "__metadata" { return member }
                guard let inner = nested[member.key] else { return nil }
                return JSONMember(member.key, inner.isEmpty ? member.value : select(inner, from: member.value))
            })
    }

    /// Opaque to clients; here the base64 of the next page's first row.
    static func skipToken(offset: Int) -> String { Data("{\"startRow\":\(offset)}".utf8).base64EncodedString() }

    static func offset(fromSkipToken token: String) -> Int? {
        guard let data = Data(base64Encoded: token), let json = try? JSON.parse(data),
            case .number(let text)? = json["startRow"], let offset = Int(text), offset >= 0
        else { return nil }
        return offset
    }

    /// OData v2's JSON error: `{"error": {"code", "message": {"lang", "value"}}}`.
    static func error(_ status: Int, code: String, _ message: String) -> HTTPResponseMessage {
        HRResponse.json(
            status,
            .object([
                "error": .object([
                    "code": .string(code), "message": .object(["lang": "en-US", "value": .string(message)]),
                ])
            ]))
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
