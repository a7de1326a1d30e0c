import Foundation

/// A validated bulkUpload URL. A bearer token is only ever sent to a URL that passed these checks (the SSRF fix in
/// Microsoft's own web client): `HostPolicy.graph` (https, a Graph cloud host or loopback unless `--allow-host` names
/// the host), and exactly the bulkUpload path (docs/service.md, "bulkUpload").
package struct BulkUploadEndpoint: Sendable, Equatable {
    package let url: URL
    package let host: String
    /// `v1.0` or `beta`.
    package let version: String
    package let servicePrincipalId: String
    package let jobId: String

    /// `scheme://host[:port]`: where the logs and job endpoints of the same Graph live.
    package var graphBase: String {
        var base = "\(url.scheme!)://\(url.host!)"
        if let port = url.port { base += ":\(port)" }
        return base
    }

    /// The synchronization job resource (for `provision check`).
    package var jobURL: URL {
        URL(string: "\(graphBase)/\(version)/servicePrincipals/\(servicePrincipalId)/synchronization/jobs/\(jobId)")!
    }

    package static func parse(_ text: String, allowedHosts: [String], setting: String) throws(ConfigurationError)
        -> BulkUploadEndpoint
    {
        let checked = try HostPolicy.graph.check(
            text, allowedHosts: allowedHosts, setting: setting,
            example: "copy the bulkUpload URL from the provisioning app's overview page")
        let components = checked.components
        let host = checked.host
        guard components.query == nil, components.fragment == nil else {
            throw ConfigurationError(
                "\(setting) must not have a query or fragment: give the bulkUpload URL exactly as the app's overview "
                    + "page shows it"
            )
        }
        let parts = components.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // "", version, servicePrincipals, {id}, synchronization, jobs, {jobId}, bulkUpload
        guard parts.count == 8, parts[0].isEmpty, ["v1.0", "beta"].contains(parts[1]),
            parts[2].lowercased() == "serviceprincipals", !parts[3].isEmpty, parts[4].lowercased() == "synchronization",
            parts[5].lowercased() == "jobs", !parts[6].isEmpty, parts[7].lowercased() == "bulkupload"
        else {
            throw ConfigurationError(
                "\(setting) path \"\(components.path)\" is not "
                    + "/{v1.0|beta}/servicePrincipals/{id}/synchronization/jobs/{jobId}/bulkUpload"
            )
        }
        guard let url = components.url else { throw ConfigurationError("\(setting) \"\(text)\" is not a URL") }
        return BulkUploadEndpoint(
            url: url, host: host, version: parts[1], servicePrincipalId: parts[3].removingPercentEncoding ?? parts[3],
            jobId: parts[6].removingPercentEncoding ?? parts[6])
    }

    /// The authority follows the same rule, with the Microsoft login hosts in place of the Graph hosts: the client
    /// secret or assertion goes there.
    package static func parseAuthority(_ text: String, allowedHosts: [String], setting: String)
        throws(ConfigurationError) -> URL
    {
        let example = "give one such as https://login.microsoftonline.com"
        let checked = try HostPolicy.login.check(text, allowedHosts: allowedHosts, setting: setting, example: example)
        let components = checked.components
        guard components.query == nil, components.fragment == nil, let url = components.url else {
            throw ConfigurationError(
                "\(setting) \"\(text)\" must be a bare host URL such as https://login.microsoftonline.com")
        }
        return url
    }
}
