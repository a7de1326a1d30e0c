import Directory
import Foundation
import Graph
import Testing

@testable import DirectoryClient

/// The shapes of the reads: each filter operator used only as docs/service.md allows it.
@Suite struct DirectoryQueryTests {
    static let query = DirectoryQuery(
        matchingAttribute: "employeeId", attributes: ["displayName", "telephoneNumber", "employeeOrgData.costCenter"])

    static func decoded(_ request: GraphBatch.Request) -> [String: String] { FakeDirectoryGraph.options(request.url) }

    @Test func inTakesAtMostFifteenValuesAndOneValueIsAnEq() throws {
        var lookup = DirectoryLookup()
        for number in 1...31 { lookup.add(.matching, String(format: "E%03d", number)) }
        let requests = Self.query.requests(for: lookup)
        #expect(requests.count == 3)
        let filters = requests.map { Self.decoded($0)["$filter"] ?? "" }
        #expect(filters[0].hasPrefix("employeeId in ('E001','E002',") && filters[0].hasSuffix("'E015')"))
        #expect(filters[1].hasPrefix("employeeId in ('E016',") && filters[1].hasSuffix("'E030')"))
        #expect(filters[2] == "employeeId eq 'E031'")
        #expect(requests.allSatisfy { $0.headers.isEmpty && $0.units == 1 }, "no advanced query, one unit each")
        let options = Self.decoded(requests[0])
        #expect(options["$top"] == "999")
        #expect(options["$count"] == nil)
        #expect(
            options["$select"]
                == "id,employeeId,userPrincipalName,mail,mailNickname,accountEnabled,userType,proxyAddresses,"
                + "displayName,businessPhones,employeeOrgData")
    }

    @Test func eachKindHasItsOwnFilterAndProxyAddressesGoOneToARequest() {
        var lookup = DirectoryLookup()
        lookup.add(.userPrincipalName, "ann@contoso.com")
        lookup.add(.userPrincipalName, "ANN@contoso.com")  // the same value, ignoring case
        lookup.add(.mail, "ann@contoso.com")
        lookup.add(.mailNickname, "ann")
        lookup.add(.proxyAddress, "smtp:ann@contoso.com")
        lookup.add(.proxyAddress, "smtp:bob@contoso.com")
        let filters = Self.query.requests(for: lookup).map { Self.decoded($0)["$filter"] ?? "" }
        #expect(
            filters == [
                "userPrincipalName eq 'ann@contoso.com'", "mail eq 'ann@contoso.com'", "mailNickname eq 'ann'",
                "proxyAddresses/any(p:p eq 'smtp:ann@contoso.com')",
                "proxyAddresses/any(p:p eq 'smtp:bob@contoso.com')",
            ])
    }

    @Test func quotesAreDoubledAndEverythingElseIsPercentEncoded() {
        var lookup = DirectoryLookup()
        lookup.add(.userPrincipalName, "o'neil+test&x=1 #é@contoso.com")
        lookup.add(.userPrincipalName, "dan_fabrikam.com#EXT#@contoso.onmicrosoft.com")
        let request = Self.query.requests(for: lookup)[0]
        #expect(
            request.url.hasPrefix(
                "/users?$filter=userPrincipalName%20in%20('dan_fabrikam.com%23EXT%23@contoso.onmicrosoft.com',"
                    + "'o''neil%2Btest%26x%3D1%20%23%C3%A9@contoso.com')&$select="))
        #expect(
            Self.decoded(request)["$filter"]
                == "userPrincipalName in ('dan_fabrikam.com#EXT#@contoso.onmicrosoft.com',"
                + "'o''neil+test&x=1 #é@contoso.com')")
        #expect(FakeDirectoryGraph.literals("'o''neil','b'") == ["o'neil", "b"])
    }

    /// A value longer than 120 characters, or a property the docs list as advanced-only, is asked with
    /// `ConsistencyLevel: eventual` and `$count=true`, and then the URL stays within 2,048 characters.
    @Test func theAdvancedQueryParametersOnlyWhereNeeded() throws {
        var lookup = DirectoryLookup()
        let long = String(repeating: "a", count: 121) + "@contoso.com"
        lookup.add(.mail, long)
        lookup.add(.mail, "short@contoso.com")
        let requests = Self.query.requests(for: lookup)
        #expect(requests.count == 2)
        #expect(requests[0].headers.isEmpty && Self.decoded(requests[0])["$filter"] == "mail eq 'short@contoso.com'")
        #expect(requests[1].headers == ["ConsistencyLevel": "eventual"])
        #expect(Self.decoded(requests[1])["$count"] == "true")

        let byCompany = DirectoryQuery(matchingAttribute: "companyName", attributes: [])
        var values = DirectoryLookup()
        for number in 1...40 { values.add(.matching, String(repeating: "x", count: 150) + String(number)) }
        let advanced = byCompany.requests(for: values)
        #expect(advanced.allSatisfy { $0.headers["ConsistencyLevel"] == "eventual" })
        #expect(advanced.allSatisfy { $0.url.utf8.count <= 2048 }, "\(advanced.map(\.url.utf8.count))")
        #expect(advanced.count > 3, "the URL's length, not 15 values, limits them")
        let counts = advanced.map { request -> Int in
            let filter = Self.decoded(request)["$filter"] ?? ""
            let list = filter.split(separator: "(", maxSplits: 1).last.map { String($0.dropLast()) } ?? ""
            return FakeDirectoryGraph.literals(list)?.count ?? 0
        }
        #expect(counts.reduce(0, +) == 40, "every value asked once: \(counts)")
    }

    @Test func theSelectionNamesGraphPropertiesOnce() {
        let selection = DirectoryAttributes.selection(
            matchingAttribute: "employeeId",
            targets: ["mail", "displayName", "Mobile", "manager", "notAGraphProperty", "extension_abc_badge"])
        #expect(
            selection == [
                "id", "employeeId", "userPrincipalName", "mail", "mailNickname", "accountEnabled", "userType",
                "proxyAddresses", "displayName", "mobilePhone", "extension_abc_badge",
            ])
    }
}
