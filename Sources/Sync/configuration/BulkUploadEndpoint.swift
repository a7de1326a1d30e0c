import Foundation

/// A validated bulkUpload URL. A bearer token is only ever sent to a URL that passed these checks (the same rule
/// Microsoft's own web client adopted against request forgery): https (plain http on loopback only), a Graph cloud
/// host (docs/service.md, "National clouds") or loopback unless `--allow-host` names the host, and exactly the
/// bulkUpload path (docs/service.md, "bulkUpload").
public struct BulkUploadEndpoint: Sendable, Equatable {
    public static let graphHosts = ["graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn"]

    public let url: URL
    public let host: String
    /// `v1.0` or `beta`.
    public let version: String
    public let servicePrincipalId: String
    public let jobId: String

    /// `scheme://host[:port]`: where the logs and job endpoints of the same Graph live.
    public var graphBase: String {
        var base = "\(url.scheme!)://\(url.host!)"
        if let port = url.port { base += ":\(port)" }
        return base
    }

    /// The synchronization job resource (for `provision check`).
    public var jobURL: URL { URL(string: "\(graphBase)/\(version)/servicePrincipals/\(servicePrincipalId)/synchronization/jobs/\(jobId)")! }

    public static func parse(_ text: String, allowedHosts: [String], setting: String) throws(ConfigurationError) -> BulkUploadEndpoint {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased(), !host.isEmpty else {
            throw ConfigurationError("\(setting) \"\(text)\" is not a URL; copy the bulkUpload URL from the provisioning app's overview page")
        }
        guard components.user == nil, components.password == nil else {
            throw ConfigurationError("\(setting) must not carry a user name or password")
        }
        try checkScheme(scheme, host: host, setting: setting)
        let isLoopback = isLoopbackHost(host)
        guard graphHosts.contains(host) || isLoopback || allowedHosts.map({ $0.lowercased() }).contains(host) else {
            throw ConfigurationError("\(setting) host \"\(host)\" is not a Microsoft Graph host (\(graphHosts.joined(separator: ", "))); a token is never sent elsewhere. If this host is right (a proxy you run), name it with --allow-host \(host)")
        }
        guard components.query == nil, components.fragment == nil else {
            throw ConfigurationError("\(setting) must not have a query or fragment: give the bulkUpload URL exactly as the app's overview page shows it")
        }
        let parts = components.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // "", version, servicePrincipals, {id}, synchronization, jobs, {jobId}, bulkUpload
        guard parts.count == 8, parts[0].isEmpty, ["v1.0", "beta"].contains(parts[1]),
              parts[2].lowercased() == "serviceprincipals", !parts[3].isEmpty, parts[4].lowercased() == "synchronization",
              parts[5].lowercased() == "jobs", !parts[6].isEmpty, parts[7].lowercased() == "bulkupload"
        else {
            throw ConfigurationError("\(setting) path \"\(components.path)\" is not /{v1.0|beta}/servicePrincipals/{id}/synchronization/jobs/{jobId}/bulkUpload")
        }
        guard let url = components.url else { throw ConfigurationError("\(setting) \"\(text)\" is not a URL") }
        return BulkUploadEndpoint(
            url: url, host: host, version: parts[1], servicePrincipalId: parts[3].removingPercentEncoding ?? parts[3],
            jobId: parts[6].removingPercentEncoding ?? parts[6])
    }

    /// The authority host follows the same rule: https, or plain http on loopback only.
    public static func parseAuthority(_ text: String, setting: String) throws(ConfigurationError) -> URL {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased(), !host.isEmpty,
              components.user == nil, components.query == nil, let url = components.url
        else {
            throw ConfigurationError("\(setting) \"\(text)\" is not a URL such as https://login.microsoftonline.com")
        }
        try checkScheme(scheme, host: host, setting: setting)
        return url
    }

    private static func checkScheme(_ scheme: String, host: String, setting: String) throws(ConfigurationError) {
        if scheme == "https" { return }
        if scheme == "http" && isLoopbackHost(host) { return }
        throw ConfigurationError("\(setting) must use https (plain http is allowed only for 127.0.0.1, ::1 or localhost)")
    }

    public static func isLoopbackHost(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".")
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
