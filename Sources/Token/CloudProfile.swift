import Foundation
import Transport

/// Where tokens come from and for which resource, derived from the Graph host of the bulkUpload endpoint
/// (docs/service.md, "National clouds").
///
/// Tokens are not interchangeable across clouds (docs/service.md, "National clouds"), so the scope/resource follows the
/// Graph host and the authority follows the cloud. Hosts outside the four Microsoft clouds (the loopback emulator,
/// `--allow-host`) get the global cloud's values; the caller points `authorityHost` at the emulator with
/// `withAuthority(_:)`.
package struct CloudProfile: Sendable, Equatable {
    /// The Graph host as given (lower-cased), e.g. "graph.microsoft.us".
    package let graphHost: String
    /// The login host, e.g. https://login.microsoftonline.us. Used as given: the caller validated it.
    package let authorityHost: URL
    /// The managed-identity `resource`, e.g. "https://graph.microsoft.us" (docs/service.md, "Managed identity": no
    /// `/.default`).
    package let resource: String
    /// The client-credentials `scope`: one resource with `/.default` (docs/service.md, "Tokens").
    package var scope: String { resource + "/.default" }

    private static let globalAuthority = URL(string: "https://login.microsoftonline.com")!
    private static let usGovernmentAuthority = URL(string: "https://login.microsoftonline.us")!
    private static let chinaAuthority = URL(string: "https://login.partner.microsoftonline.cn")!

    /// graph.microsoft.com -> login.microsoftonline.com; graph.microsoft.us and dod-graph.microsoft.us ->
    /// login.microsoftonline.us; microsoftgraph.chinacloudapi.cn -> login.partner.microsoftonline.cn.
    /// Any other host (loopback emulator, --allow-host) -> global cloud values (resource https://graph.microsoft.com).
    package static func forGraphHost(_ host: String) -> CloudProfile {
        var normalized = host.lowercased()
        if normalized.hasSuffix(".") { normalized.removeLast() }  // "graph.microsoft.com." is the same host
        switch normalized {
        case "graph.microsoft.us", "dod-graph.microsoft.us":
            return CloudProfile(
                graphHost: normalized, authority: usGovernmentAuthority, resource: "https://\(normalized)")
        case "microsoftgraph.chinacloudapi.cn":
            // docs/service.md, "National clouds": the current Entra doc names login.partner.microsoftonline.cn (the
            // older login.chinacloudapi.cn can still be chosen with AZURE_AUTHORITY_HOST).
            return CloudProfile(graphHost: normalized, authority: chinaAuthority, resource: "https://\(normalized)")
        default:
            return CloudProfile(
                graphHost: normalized, authority: globalAuthority, resource: "https://graph.microsoft.com")
        }
    }

    /// The same profile with another login host (`AZURE_AUTHORITY_HOST`, or the emulator's address).
    package func withAuthority(_ url: URL) -> CloudProfile {
        CloudProfile(graphHost: graphHost, authority: url, resource: resource)
    }

    private init(graphHost: String, authority: URL, resource: String) {
        self.graphHost = graphHost
        self.authorityHost = authority
        self.resource = resource
    }

    /// `{authority}/{tenant}/oauth2/v2.0/token` (docs/service.md, "Tokens"). AKS injects AZURE_AUTHORITY_HOST with a
    /// trailing slash, so joining by string avoids a double slash; the tenant (a GUID or a domain) is path-escaped.
    func tokenEndpoint(tenantID: String) -> URL? {
        var base = authorityHost.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let tenant = FormEncoding.escape(tenantID)
        return URL(string: "\(base)/\(tenant)/oauth2/v2.0/token")
    }
}
