import EmulatorKit
import Foundation
import JSONDocument
import Testing

@testable import EntraEmulator

@Suite struct DirectoryReadTests {
    typealias F = DirectoryFixtures

    /// Every filter form a tenant-aware plan uses works without the advanced query parameters, ignoring case.
    static let filters: [(filter: String, ids: [String])] = [
        ("employeeId eq '1001'", [F.ann]),
        ("employeeId in ('1001', '1005', '9999')", [F.ann, F.eve]),
        ("startsWith(employeeId, '100')", [F.ann, F.bob, F.eve]),
        ("userPrincipalName eq 'ANN.LEE@contoso.com'", [F.ann]),
        ("userPrincipalName in ('bob.ray@contoso.com', 'cara.diaz@contoso.com')", [F.bob, F.cara]),
        ("startswith(userPrincipalName, 'dan_')", [F.dan]),
        ("mail eq 'Dan@Fabrikam.com'", [F.dan]),
        ("mail in ('cara.diaz@contoso.com', 'nobody@contoso.com')", [F.cara]),
        ("startsWith(mail, 'eve')", [F.eve]),
        ("mailNickname eq 'cdiaz'", [F.cara]),
        ("mailNickname in ('ann.lee', 'cdiaz')", [F.ann, F.cara]),
        ("startsWith(mailNickname, 'dan_')", [F.dan]),
        ("proxyAddresses/any(p:p eq 'smtp:eve@contoso.com')", [F.eve]),
        ("proxyAddresses/any(p: p eq 'smtp:ann.lee@contoso.com')", [F.ann]),
        ("proxyAddresses/any(x:startswith(x, 'smtp:eve'))", [F.eve]),
        ("accountEnabled eq false", [F.bob]),
        ("userType eq 'Guest'", [F.dan]),
        ("employeeId eq '1001' or mail eq 'dan@fabrikam.com'", [F.ann, F.dan]),
        ("startsWith(displayName, 'a') and accountEnabled eq true", [F.ann]),
        ("(employeeId eq '1002' or employeeId eq '1005') and accountEnabled eq true", [F.eve]),
        ("id eq '\(F.cara)'", [F.cara]),
        ("employeeId eq 'it''s'", []),
    ]

    @Test(arguments: filters)
    func everyFilterFormWorksWithoutAdvancedQueries(filter: String, ids: [String]) throws {
        let harness = try F.harness()
        let response = try harness.users(F.query(["$filter": filter]))
        #expect(response.status == 200, "\(response.errorMessage ?? "")")
        #expect(Harness.ids(response) == ids)
        #expect(response.json?["@odata.count"] == nil)
    }

    /// Filters that need `ConsistencyLevel: eventual` and `$count=true`: 400 without them, answered with them.
    static let advanced: [(filter: String, ids: [String], message: String)] = [
        ("employeeId eq null", [F.cara, F.dan], "property 'employeeId'"),
        ("employeeId ne '1001'", [F.bob, F.cara, F.dan, F.eve], "Operator 'ne'"),
        ("not(userType eq 'Guest') and accountEnabled eq false", [F.bob], "Operator 'not'"),
        ("endsWith(mail, '@fabrikam.com')", [F.dan], "Operator 'endsWith'"),
        ("companyName eq 'contoso'", [F.ann], "property 'companyName'"),
    ]

    @Test(arguments: advanced)
    func consistencyLevelAndCountAreRequiredWhereTheDocsSaySo(filter: String, ids: [String], message: String) throws {
        let harness = try F.harness()
        let token = try harness.token()
        for (query, eventual) in [
            (F.query(["$filter": filter]), false), (F.query(["$filter": filter]), true),
            (F.query(["$filter": filter, "$count": "true"]), false),
        ] {
            let refused = try harness.users(query, token: token, eventual: eventual)
            #expect(refused.status == 400)
            #expect(refused.errorCode == "Request_UnsupportedQuery")
            #expect(refused.errorMessage?.contains(message) == true, "\(refused.errorMessage ?? "")")
        }
        let answered = try harness.users(F.query(["$filter": filter, "$count": "true"]), token: token, eventual: true)
        #expect(answered.status == 200, "\(answered.errorMessage ?? "")")
        #expect(Harness.ids(answered) == ids)
        #expect(answered.json?["@odata.count"] == .number(ids.count))
    }

    @Test func countWithoutTheHeaderIsIgnoredAsGraphIgnoresIt() throws {
        let harness = try F.harness()
        let plain = try harness.users(F.query(["$count": "true"]))
        #expect(plain.status == 200 && plain.json?["@odata.count"] == nil)
        #expect(Harness.ids(plain).count == 5)
        let counted = try harness.users(F.query(["$count": "true", "$top": "2"]), eventual: true)
        #expect(counted.json?["@odata.count"] == .number(5))
        let next = try #require(counted.json?["@odata.nextLink"]?.stringValue)
        let second = try harness.users(String(next[next.firstIndex(of: "?")!...]), eventual: true)
        #expect(second.json?["@odata.count"] == nil, "the count comes on the first page only")
    }

    @Test func theCountSegmentNeedsTheHeader() throws {
        let harness = try F.harness()
        let token = try harness.token()
        let refused = try harness.users(path: "/$count", token: token)
        #expect(refused.status == 400 && refused.errorCode == "Request_BadRequest")
        #expect(refused.errorMessage == "$count is not currently supported.")
        let all = try harness.users(path: "/$count", token: token, eventual: true)
        #expect(all.status == 200 && String(decoding: all.body, as: UTF8.self) == "5")
        #expect(all.header("Content-Type") == "text/plain")
        let guests = try harness.users(
            F.query(["$filter": "employeeId eq null"]), path: "/$count", token: token, eventual: true)
        #expect(String(decoding: guests.body, as: UTF8.self) == "2")
    }

    @Test func inAndOrAreLimitedTo15ValuesUnlessAdvanced() throws {
        let harness = try F.harness()
        let token = try harness.token()
        let values = { (count: Int) in (1...count).map { "'\(1000 + $0)'" }.joined(separator: ",") }
        #expect(try harness.users(F.query(["$filter": "employeeId in (\(values(15)))"]), token: token).status == 200)
        let sixteen = try harness.users(F.query(["$filter": "employeeId in (\(values(16)))"]), token: token)
        #expect(sixteen.status == 400)
        #expect(sixteen.errorCode == "Request_UnsupportedQuery")
        #expect(
            sixteen.errorMessage == "Too many child clauses specified in search filter expression containing 'OR' "
                + "operators: 16. Max allowed: 15.")
        let mixed = "employeeId in (\(values(8))) or userPrincipalName in (\(values(8)))"
        #expect(try harness.users(F.query(["$filter": mixed]), token: token).status == 400)
        let advanced = try harness.users(F.query(["$filter": mixed, "$count": "true"]), token: token, eventual: true)
        #expect(advanced.status == 200)
        #expect(Harness.ids(advanced) == [F.ann, F.bob, F.eve])
        let long = String(repeating: "x", count: 121)
        #expect(try harness.users(F.query(["$filter": "employeeId eq '\(long)'"]), token: token).status == 400)
    }

    @Test func selectReturnsExactlyTheSelectedPropertiesAndID() throws {
        let harness = try F.harness()
        let token = try harness.token()
        let filter = "employeeId eq '1001'"
        let selected = try harness.users(F.query(["$filter": filter, "$select": "employeeId,ID"]), token: token)
        let user = try #require(selected.json?["value"]?.arrayValue?.first)
        #expect(user.members?.map(\.key) == ["employeeId", "id"])
        #expect(user["employeeId"] == "1001")
        #expect(selected.json?["@odata.context"]?.stringValue?.hasSuffix("$metadata#users(employeeId,id)") == true)
        let plain = try #require(
            try harness.users(F.query(["$filter": filter]), token: token).json?["value"]?.arrayValue?.first)
        #expect(plain.members?.map(\.key) == DirectoryUser.defaultProperties)
        #expect(plain["employeeId"] == nil, "employeeId is returned only on $select")
        let guest = try #require(
            try harness.users(
                F.query(["$filter": "userType eq 'Guest'", "$select": "userType,accountEnabled,mailNickname"]),
                token: token
            ).json?["value"]?.arrayValue?.first)
        #expect(guest["mailNickname"] == "dan_fabrikam.com#EXT#" && guest["accountEnabled"] == .bool(true))
        let unknown = try harness.users(F.query(["$select": "shoeSize"]), token: token)
        #expect(unknown.status == 400 && unknown.errorCode == "BadRequest")
    }

    @Test func pagesFollowNextLinkToTheEnd() throws {
        let seed = (0..<250).map { index in
            DirectoryUser(
                id: "u\(index)", userPrincipalName: "u\(index)@contoso.com", strings: ["employeeId": "\(index)"])
        }
        let harness = try Harness { $0.directorySeed = seed }
        let token = try harness.token()
        var query = F.query(["$select": "id"])
        var sizes: [Int] = []
        var seen: [String] = []
        for _ in 0..<10 {
            let page = try harness.users(query, token: token)
            #expect(page.status == 200)
            sizes.append(Harness.ids(page).count)
            seen += Harness.ids(page)
            guard let next = page.json?["@odata.nextLink"]?.stringValue else { break }
            #expect(next.hasPrefix("http://127.0.0.1:\(harness.port)/v1.0/users?") && next.contains("$skiptoken="))
            query = String(next[next.firstIndex(of: "?")!...])
        }
        #expect(sizes == [100, 100, 50], "default page 100")
        #expect(seen == seed.map(\.id))
        let big = try harness.users(F.query(["$top": "999"]), token: token)
        #expect(Harness.ids(big).count == 250 && big.json?["@odata.nextLink"] == nil)
        let tooBig = try harness.users(F.query(["$top": "1000"]), token: token)
        #expect(tooBig.status == 400)
        #expect(tooBig.errorMessage == "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.")
        #expect(try harness.users(F.query(["$skiptoken": "garbage"]), token: token).status == 400)
    }

    @Test func managerIsExpandedOrReadOnItsOwn() throws {
        let harness = try F.harness()
        let token = try harness.token()
        let expanded = try harness.users(
            F.query([
                "$filter": "employeeId in ('1001','1002')", "$select": "id,employeeId",
                "$expand": "manager($select=id,employeeId)",
            ]), token: token)
        let users = try #require(expanded.json?["value"]?.arrayValue)
        #expect(users.count == 2)
        #expect(users[0]["manager"] == nil, "a user without a manager has no manager property")
        #expect(
            users[1]["manager"]
                == .object(["@odata.type": "#microsoft.graph.user", "id": .string(F.ann), "employeeId": "1001"]))
        #expect(expanded.header("x-ms-resource-unit") == "2", "users 2, $select -1, $expand +1")
        let advanced = try harness.users(
            F.query(["$expand": "manager", "$count": "true"]), token: token, eventual: true)
        #expect(advanced.status == 400)

        let manager = try harness.users(path: "/\(F.bob)/manager", token: token)
        #expect(manager.status == 200 && manager.json?["id"] == .string(F.ann))
        let none = try harness.users(path: "/\(F.ann)/manager", token: token)
        #expect(none.status == 404 && none.errorCode == "Request_ResourceNotFound")
        let byName = try harness.users(F.query(["$select": "employeeId"]), path: "/ANN.LEE@contoso.com", token: token)
        #expect(byName.json?["employeeId"] == "1001" && byName.json?["id"] == .string(F.ann))
        #expect(try harness.users(path: "/nobody@contoso.com", token: token).status == 404)
    }

    @Test func readingNeedsAUserReadRole() throws {
        let harness = try F.harness { $0.roles = ["SynchronizationData-User.Upload", "AuditLog.Read.All"] }
        let denied = try harness.users()
        #expect(denied.status == 403)
        #expect(denied.errorCode == "Authorization_RequestDenied")
        #expect(denied.errorMessage == "Insufficient privileges to complete the operation.")
        for role in UsersEndpoint.readRoles.sorted() {
            let reader = try F.harness { $0.roles = [role] }
            #expect(try reader.users().status == 200, "\(role)")
        }
        #expect(try harness.send("GET", "/v1.0/users").status == 401)
    }

    @Test func readsAreThrottledInResourceUnits() throws {
        let harness = try F.harness { $0.directoryRate = .init(count: 3, windowSeconds: 10) }
        let token = try harness.token()
        let selected = F.query(["$select": "id"])
        for _ in 0..<3 { #expect(try harness.users(selected, token: token).status == 200) }
        let throttled = try harness.users(selected, token: token)
        #expect(throttled.status == 429)
        #expect(throttled.errorCode == "TooManyRequests")
        #expect(throttled.header("Retry-After") == "10")
        harness.clock.advance(by: 10)
        #expect(try harness.users(token: token).status == 200, "2 units without $select")
        #expect(try harness.users(token: token).status == 429, "2 more do not fit in 3")
        #expect(try harness.stat("directoryRequests") == 6)
        #expect(try harness.stat("directoryThrottled") == 2)
    }

    @Test func injectedFaultsAnswer500Or503() throws {
        let harness = try F.harness {
            $0.directoryFailRate = 1
            $0.seed = 9
        }
        let token = try harness.token()
        var statuses: Set<Int> = []
        for _ in 0..<12 {
            let response = try harness.users(token: token)
            statuses.insert(response.status)
            if response.status == 503 { #expect(response.header("Retry-After") == "1") }
        }
        #expect(statuses == [500, 503])
    }
}
