import Foundation
import Testing

@testable import Token

@Suite struct CloudProfileTests {
    @Test(arguments: [
        ("graph.microsoft.com", "https://login.microsoftonline.com", "https://graph.microsoft.com"),
        ("graph.microsoft.us", "https://login.microsoftonline.us", "https://graph.microsoft.us"),
        ("dod-graph.microsoft.us", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"),
        (
            "microsoftgraph.chinacloudapi.cn", "https://login.partner.microsoftonline.cn",
            "https://microsoftgraph.chinacloudapi.cn"
        ),
        ("GRAPH.Microsoft.US", "https://login.microsoftonline.us", "https://graph.microsoft.us"),
        ("127.0.0.1", "https://login.microsoftonline.com", "https://graph.microsoft.com"),
        ("graph.contoso.example", "https://login.microsoftonline.com", "https://graph.microsoft.com"),
    ])
    func profileFollowsTheGraphHostsCloud(host: String, authority: String, resource: String) {
        let profile = CloudProfile.forGraphHost(host)
        #expect(profile.graphHost == host.lowercased())
        #expect(profile.authorityHost.absoluteString == authority)
        #expect(profile.resource == resource)
        #expect(profile.scope == resource + "/.default")
    }

    @Test func authorityOverrideKeepsTheResource() throws {
        let emulator = try #require(URL(string: "http://127.0.0.1:8080"))
        let profile = CloudProfile.forGraphHost("graph.microsoft.us").withAuthority(emulator)
        #expect(profile.authorityHost == emulator)
        #expect(profile.resource == "https://graph.microsoft.us")
        #expect(profile.graphHost == "graph.microsoft.us")
    }

    @Test(arguments: ["https://login.microsoftonline.com/", "https://login.microsoftonline.com"])
    func tokenEndpointJoinsWithoutDoubleSlash(authority: String) throws {
        let profile = globalCloud.withAuthority(try #require(URL(string: authority)))
        let url = profile.tokenEndpoint(tenantID: "contoso.onmicrosoft.com")
        #expect(url?.absoluteString == "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token")
    }

    @Test func tenantIsEscapedIntoOnePathSegment() {
        let url = globalCloud.tokenEndpoint(tenantID: "a/b?c")
        #expect(url?.absoluteString == "https://login.microsoftonline.com/a%2Fb%3Fc/oauth2/v2.0/token")
    }
}
