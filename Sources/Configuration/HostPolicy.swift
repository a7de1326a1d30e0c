import Basics
import Foundation
import Transport

/// Where provision may send a token or a credential: one rule for the bulkUpload endpoint, the authority and the
/// managed-identity endpoints, checked before anything is sent.
///
/// A URL passes when it carries no user name or password, its host is one of `knownHosts`, loopback, or a host the
/// user named with `--allow-host`, and it is https. Plain http is allowed only where the traffic cannot leave the
/// machine: loopback, and, for the local token services of managed identity, link-local 169.254.x.y addresses
/// (IMDS is http://169.254.169.254; App Service on Linux serves IDENTITY_ENDPOINT on such an address).
package struct HostPolicy: Sendable {
    /// e.g. "Microsoft Graph host".
    package let kind: String
    package let knownHosts: [String]
    /// Link-local addresses count as local (managed identity only).
    package var allowsLinkLocal = false
    /// What is never sent elsewhere, for the refusal: "a token", "the client secret or assertion".
    package let guarding: String

    /// docs/service.md, "National clouds": the four Graph hosts.
    package static let graph = HostPolicy(
        kind: "Microsoft Graph host",
        knownHosts: [
            "graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn",
        ],
        guarding: "a token")
    /// docs/service.md, "National clouds": the login hosts of the global, US Government and China clouds (China's
    /// older name login.chinacloudapi.cn included).
    package static let login = HostPolicy(
        kind: "Microsoft login host",
        knownHosts: [
            "login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn",
            "login.chinacloudapi.cn",
        ],
        guarding: "the client secret or assertion")
    /// The managed-identity token services: local to the machine by design.
    package static let localTokenService = HostPolicy(
        kind: "local managed-identity endpoint (loopback or 169.254.x.y)", knownHosts: [], allowsLinkLocal: true,
        guarding: "the identity header")

    /// The checked URL's parts: scheme and host lower-cased, host without a trailing dot.
    package struct Checked {
        package let components: URLComponents
        package let scheme: String
        package let host: String
    }

    /// Checks `text`; `setting` names where it came from, `example` is a URL to suggest when it is not one.
    package func check(_ text: String, allowedHosts: [String], setting: String, example: String)
        throws(ConfigurationError) -> Checked
    {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            var host = components.host?.lowercased(), !host.isEmpty
        else {
            throw ConfigurationError("\(setting) \"\(text)\" is not a URL; \(example)")
        }
        guard components.user == nil, components.password == nil else {
            throw ConfigurationError("\(setting) must not carry a user name or password")
        }
        if host.hasSuffix(".") { host.removeLast() }  // "login.microsoftonline.com." is the same host
        let local = Self.isLoopbackHost(host) || (allowsLinkLocal && Self.isLinkLocalHost(host))
        if scheme != "https" && !(scheme == "http" && local) {
            let place = allowsLinkLocal ? "127.0.0.1, ::1, localhost or 169.254.x.y" : "127.0.0.1, ::1 or localhost"
            throw ConfigurationError("\(setting) must use https (plain http is allowed only for \(place))")
        }
        guard local || knownHosts.contains(host) || allowedHosts.map({ $0.lowercased() }).contains(host) else {
            // A look-alike of a Microsoft host is a typo or a trap: never advise allow-listing it.
            if let near = knownHosts.first(where: { ClosestMatch.distance(host, $0) <= 2 }) {
                throw ConfigurationError(
                    "\(setting) host \"\(host)\" is not a \(kind); did you mean \(near)? (\(guarding) is never sent "
                        + "to any other host)")
            }
            let known = knownHosts.isEmpty ? "" : " (\(knownHosts.joined(separator: ", ")))"
            throw ConfigurationError(
                "\(setting) host \"\(host)\" is not a \(kind)\(known); \(guarding) is never sent elsewhere. "
                    + "If this host is right (a proxy you run), name it with --allow-host \(host)"
            )
        }
        return Checked(components: components, scheme: scheme, host: host)
    }

    /// Transport's one loopback rule (`LoopbackHost`), which an HR source's URLs pass too.
    package static func isLoopbackHost(_ host: String) -> Bool { LoopbackHost.contains(host) }

    /// 169.254.0.0/16 (RFC 3927): never routed off the local link.
    package static func isLinkLocalHost(_ host: String) -> Bool {
        guard let octets = ipv4(host) else { return false }
        return octets[0] == 169 && octets[1] == 254
    }

    /// Four decimal octets, or nil (no shorthand such as 127.1 or 0x7f.0.0.1: those are refused, not guessed).
    private static func ipv4(_ host: String) -> [UInt8]? {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { part -> UInt8? in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber) else {
                return nil
            }
            return UInt8(part)
        }
        return octets.count == 4 ? octets : nil
    }
}
