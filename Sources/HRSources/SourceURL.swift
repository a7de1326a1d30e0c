import Foundation
import Transport

/// URLs of a source: building them from templates, changing one query parameter, and showing them without secrets.
enum SourceURL {
    /// Query parameter names whose values are never shown (matched as parts of the lower-cased name).
    static let secretNames = [
        "secret", "password", "passwd", "token", "key", "code", "assertion", "signature", "sig",
        "auth", "credential",
    ]

    /// `url` for messages: no user name or password, secret-looking query values as `***`, and every registered
    /// secret removed in any encoding (`ServerText`).
    static func display(_ url: URL, extra: [String] = []) -> String { display(url.absoluteString, extra: extra) }

    static func display(_ text: String, extra: [String] = []) -> String {
        guard var components = URLComponents(string: text) else {
            return ServerText.clean(text, extra: extra, limit: 300)
        }
        components.user = nil
        components.password = nil
        if let items = components.percentEncodedQueryItems, !items.isEmpty {
            components.percentEncodedQueryItems = items.map { item in
                let name = item.name.removingPercentEncoding?.lowercased() ?? item.name.lowercased()
                guard item.value != nil, secretNames.contains(where: name.contains) else { return item }
                return URLQueryItem(name: item.name, value: "***")
            }
        }
        components.fragment = nil
        return ServerText.clean(components.string ?? text, extra: extra, limit: 300)
    }

    /// `scheme://host[:port]` of `url`: what `{base}` stands for in a token URL.
    static func base(of url: URL) -> String {
        var components = URLComponents()
        components.scheme = url.scheme
        components.host = url.host
        components.port = url.port
        return components.string ?? ""
    }

    /// The names of the `{name}` placeholders in `template` (letters, digits and `_`), in order.
    static func placeholderNames(in template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                if !names.contains(String(name)) { names.append(String(name)) }
                rest = after[after.index(after: close)...]
            } else {
                rest = after
            }
        }
        return names
    }

    /// The values a URL gives the placeholders of `template` (its host; each path segment where the template has a
    /// placeholder), when its path has the template's shape.
    static func placeholders(of url: URL, template: String?) -> [String: String] {
        guard let template, let shape = URLComponents(string: template.replacingOccurrences(of: "{host}", with: "h")),
            let given = URLComponents(url: url, resolvingAgainstBaseURL: false)
        else { return [:] }
        var values: [String: String] = [:]
        if template.contains("{host}"), let host = given.host {
            values["host"] = given.port.map { "\(host):\($0)" } ?? host
        }
        let expected = shape.path.split(separator: "/", omittingEmptySubsequences: true)
        let actual = given.path.split(separator: "/", omittingEmptySubsequences: true)
        guard expected.count == actual.count else { return values }
        for (pattern, value) in zip(expected, actual) {
            let pattern = pattern.removingPercentEncoding ?? String(pattern)
            if pattern.hasPrefix("{"), pattern.hasSuffix("}") {
                values[String(pattern.dropFirst().dropLast())] = String(value).removingPercentEncoding ?? String(value)
            }
        }
        return values
    }

    /// `value` as one path segment: everything but RFC 3986's unreserved characters percent-encoded.
    static func escapeSegment(_ value: String) -> String { FormEncoding.escape(value) }

    /// A query component: like a segment, but `$`, `,`, `'`, `(` and `)` (OData's syntax) stay as they are.
    static func escapeQuery(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~$,'()/:@!*")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// `url` with each of `items` added unless it already has a parameter of that name.
    static func adding(_ items: [(name: String, value: String)], to url: URL) -> URL {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        var pairs = components.percentEncodedQueryItems ?? []
        let present = Set(pairs.map { $0.name.removingPercentEncoding ?? $0.name })
        for item in items where !present.contains(item.name) {
            pairs.append(URLQueryItem(name: escapeQuery(item.name), value: escapeQuery(item.value)))
        }
        components.percentEncodedQueryItems = pairs.isEmpty ? nil : pairs
        return components.url ?? url
    }

    /// `url` with its parameter `name` set to `value` (replaced where it is, else added).
    static func setting(_ name: String, to value: String, in url: URL) -> URL {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        var pairs = components.percentEncodedQueryItems ?? []
        let item = URLQueryItem(name: escapeQuery(name), value: escapeQuery(value))
        if let index = pairs.firstIndex(where: { ($0.name.removingPercentEncoding ?? $0.name) == name }) {
            pairs[index] = item
        } else {
            pairs.append(item)
        }
        components.percentEncodedQueryItems = pairs
        return components.url ?? url
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The `rel="next"` target of a `Link` header (RFC 8288), or nil.
    static func nextLink(fromHeader header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = pieces.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
            let isNext = pieces.dropFirst().contains { parameter in
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, pair[0].lowercased() == "rel" else { return false }
                let relations = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
                return relations.split(separator: " ").contains("next")
            }
            if isNext { return String(target.dropFirst().dropLast()) }
        }
        return nil
    }
}

/// Who may receive a source's credentials: its own origin (scheme, host, port) and the hosts the user allowed; and
/// plain http only on loopback.
struct OriginPolicy: Sendable {
    let scheme: String
    let host: String
    let port: Int
    let allowedHosts: [String]

    init(source url: URL, allowedHosts: [String]) {
        scheme = url.scheme?.lowercased() ?? ""
        host = url.host?.lowercased() ?? ""
        port = url.port ?? Self.defaultPort(scheme)
        self.allowedHosts = allowedHosts
    }

    static func defaultPort(_ scheme: String) -> Int { scheme == "http" ? 80 : 443 }

    /// `host:port` as messages and `--allow-host` write it (the port only when it is not the scheme's default).
    static func name(of url: URL) -> String {
        let scheme = url.scheme?.lowercased() ?? ""
        let host = url.host?.lowercased() ?? "?"
        guard let port = url.port, port != defaultPort(scheme) else { return host }
        return "\(host):\(port)"
    }

    var name: String { port == Self.defaultPort(scheme) ? host : "\(host):\(port)" }

    /// Why `url` may not be used, or nil: it must be https (http only on loopback; no other scheme, `file:`
    /// included), carry no user name or password, and be the source's own origin or an allowed host. Every message
    /// names the URL as shown (`SourceURL.display`: no user name, password or secret query value).
    func problem(with url: URL, what: String) -> SourceError.Kind? {
        let shown = SourceURL.display(url)
        guard let scheme = url.scheme?.lowercased() else {
            return .configuration("\(what): \"\(shown)\" is not an absolute URL")
        }
        guard scheme == "https" || scheme == "http" else {
            return .configuration("\(what): \(shown) uses \(scheme):, not https (plain http only on loopback)")
        }
        guard let host = url.host?.lowercased(), !host.isEmpty else {
            return .configuration("\(what): \"\(shown)\" names no host")
        }
        if scheme != "https" && !LoopbackHost.contains(host) {
            return .insecure(what: what, url: shown)
        }
        if url.user != nil || url.password != nil {
            return .configuration(
                "\(what): \(shown) carries a user name or password in the URL; credentials are never taken from or "
                    + "sent in a URL, so it was not followed")
        }
        let port = url.port ?? Self.defaultPort(scheme)
        if host == self.host, port == self.port { return nil }
        let other = Self.name(of: url)
        if allowedHosts.contains(host) || allowedHosts.contains(other) { return nil }
        return .otherHost(what: what, url: shown, host: other, sourceHost: name)
    }
}
