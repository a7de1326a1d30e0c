import Foundation

/// What the user said about a source (command line or config file), every value optional: a preset fills in the
/// rest (`SourcePreset.configuration(_:)`).
package struct SourceSettings: Sendable, Equatable {
    /// The first page's URL as given (`--source URL`); nil builds it from the preset's template and `parameters`.
    package var url: String?
    /// Values of the preset's placeholders (`tenant`, `company`, `fields`).
    package var parameters: [String: String]
    package var recordsPath: String?
    package var paging: SourcePaging?
    package var pageSize: Int?
    package var auth: SourceAuthStyle?
    /// The basic-auth user name, and the OAuth client id: not secrets.
    package var user: String?
    package var clientID: String?
    package var apiKeyHeader: String?
    /// The token endpoint, when it is not the preset's.
    package var tokenURL: String?
    /// Fields added to the token request (`scope`).
    package var tokenFields: [String: String]
    package var headers: [String: String]
    /// Hosts (`host` or `host:port`) that may receive the credentials besides the source's own: a redirect or a next
    /// link elsewhere is refused unless it goes to one of them.
    package var allowedHosts: [String]
    package var maxPages: Int?
    package var maxPageBytes: Int?
    /// The most bytes the snapshot may hold in all (`--source-max-mb`).
    package var maxSnapshotBytes: Int?

    package init(
        url: String? = nil, parameters: [String: String] = [:], recordsPath: String? = nil,
        paging: SourcePaging? = nil, pageSize: Int? = nil, auth: SourceAuthStyle? = nil, user: String? = nil,
        clientID: String? = nil, apiKeyHeader: String? = nil, tokenURL: String? = nil,
        tokenFields: [String: String] = [:], headers: [String: String] = [:], allowedHosts: [String] = [],
        maxPages: Int? = nil, maxPageBytes: Int? = nil, maxSnapshotBytes: Int? = nil
    ) {
        self.url = url
        self.parameters = parameters
        self.recordsPath = recordsPath
        self.paging = paging
        self.pageSize = pageSize
        self.auth = auth
        self.user = user
        self.clientID = clientID
        self.apiKeyHeader = apiKeyHeader
        self.tokenURL = tokenURL
        self.tokenFields = tokenFields
        self.headers = headers
        self.allowedHosts = allowedHosts
        self.maxPages = maxPages
        self.maxPageBytes = maxPageBytes
        self.maxSnapshotBytes = maxSnapshotBytes
    }
}

/// A source ready to be read: every value resolved and checked.
package struct SourceConfiguration: Sendable, Equatable {
    /// The preset's name (or "generic"), for messages: "the workday source".
    package var name: String
    /// The first page's URL (its page size and fixed query included).
    package var url: URL
    package var method: String
    package var body: Data?
    package var headers: [String: String]
    /// "" for a top-level array.
    package var recordsPath: String
    package var paging: SourcePaging
    package var pageSize: Int?
    package var auth: SourceAuthentication
    package var allowedHosts: [String]
    /// The most pages read (10,000 by default): a source that never stops paging is an error, not a hang.
    package var maxPages: Int
    /// The most bytes one page may hold (64 MB by default): a page is held in memory while it is read.
    package var maxPageBytes: Int
    /// The most bytes the snapshot may hold (4 GB by default): a source that never stops sending records fails
    /// before it fills the disk, whatever its pages are.
    package var maxSnapshotBytes = SourceConfiguration.defaultMaxSnapshotBytes

    package static let defaultMaxPages = 10_000
    package static let defaultMaxPageBytes = 64 << 20
    package static let defaultMaxSnapshotBytes = 4 << 30

    /// The first page's URL as messages, the journal and the report show it: without a user name, password or
    /// secret-looking query values.
    package var shownURL: String { SourceURL.display(url) }
}

/// The credentials' shape for a source (the secrets themselves come from `SourceSecrets` when it is read).
package struct SourceAuthentication: Sendable, Equatable {
    package var style: SourceAuthStyle
    package var user: String?
    package var clientID: String?
    package var apiKeyHeader: String?
    /// oauth2: the token request with its URL resolved.
    package var tokenRequest: TokenRequest?
    package var tokenURL: URL?

    /// Every secret the style needs.
    package var secrets: [SourceSecret] { style.secrets + (style == .oauth2 ? tokenRequest?.extraSecrets ?? [] : []) }
}

extension SourcePreset {
    /// The source this preset describes with `settings` applied; throws `SourceError` (`.configuration`) naming what is
    /// missing or wrong.
    package func configuration(_ settings: SourceSettings) throws(SourceError) -> SourceConfiguration {
        let fail = { (message: String) in SourceError(source: name, kind: .configuration(message)) }
        var values: [String: String] = [:]
        for parameter in parameters {
            if let value = settings.parameters[parameter.name] ?? parameter.defaultValue {
                values[parameter.name] = value
            }
        }
        let url: URL
        if let given = settings.url {
            guard let parsed = URL(string: given), parsed.host != nil else {
                throw fail("the source URL \"\(SourceURL.display(given))\" is not a URL")
            }
            url = parsed
            // The URL's own segments fill the template's placeholders (a token URL may need the tenant).
            for (key, value) in SourceURL.placeholders(of: url, template: urlTemplate) where values[key] == nil {
                values[key] = value
            }
        } else if let urlTemplate {
            url = try fill(urlTemplate, values: values, what: "the source URL", fail: fail)
        } else {
            throw fail("the \(name) source needs its URL")
        }
        let auth = settings.auth ?? self.auth
        guard authStyles.contains(auth) else {
            throw fail(
                "the \(name) source does not take \(auth.rawValue) credentials (it takes "
                    + authStyles.map(\.rawValue).joined(separator: ", ") + ")")
        }
        let paging = settings.paging ?? self.paging
        if let problem = paging.problem { throw fail(problem) }
        var headers = self.headers
        headers.merge(settings.headers) { _, given in given }
        var authentication = SourceAuthentication(
            style: auth, user: settings.user, clientID: settings.clientID,
            apiKeyHeader: settings.apiKeyHeader ?? apiKeyHeader)
        switch auth {
        case .basic where (settings.user ?? "").isEmpty: throw fail("basic auth needs the user name")
        case .apiKey where (authentication.apiKeyHeader ?? "").isEmpty: throw fail("an API key needs its header's name")
        case .oauth2:
            guard var request = tokenRequest else { throw fail("the \(name) source has no token endpoint") }
            request.fields.merge(settings.tokenFields) { _, given in given }
            if (settings.clientID ?? "").isEmpty { throw fail("OAuth needs the client id") }
            var tokenValues = values
            tokenValues["base"] = SourceURL.base(of: url)
            if let text = settings.tokenURL {
                guard let parsed = URL(string: text), parsed.host != nil else {
                    throw fail("the token URL \"\(SourceURL.display(text))\" is not a URL")
                }
                // The client secret goes where the source is, or to a host the user allowed: a token URL given by
                // hand is held to the rule every other URL of the source is (a preset's own token URL is data).
                let origins = OriginPolicy(
                    source: url, allowedHosts: settings.allowedHosts.map { $0.lowercased() })
                if let problem = origins.problem(with: parsed, what: "the token URL") {
                    throw SourceError(source: name, kind: problem)
                }
                authentication.tokenURL = parsed
            } else {
                authentication.tokenURL = try fill(
                    request.urlTemplate, values: tokenValues, what: "the token URL", fail: fail, raw: ["base"])
            }
            authentication.tokenRequest = request
        default: break
        }
        var body: Data?
        if let bodyTemplate { body = Data(try fillBody(bodyTemplate, values: values, fail: fail).utf8) }
        var size = settings.pageSize ?? pageSize
        if let requested = size, let maxPageSize { size = min(requested, maxPageSize) }
        if let requested = size, requested < 1 { throw fail("the page size must be at least 1") }
        var configuration = SourceConfiguration(
            name: name, url: SourceURL.adding(query, to: url), method: method, body: body, headers: headers,
            recordsPath: settings.recordsPath ?? recordsPath, paging: paging, pageSize: size, auth: authentication,
            allowedHosts: settings.allowedHosts.map { $0.lowercased() },
            maxPages: max(1, settings.maxPages ?? SourceConfiguration.defaultMaxPages),
            maxPageBytes: max(1024, settings.maxPageBytes ?? SourceConfiguration.defaultMaxPageBytes))
        configuration.maxSnapshotBytes = max(
            1024, settings.maxSnapshotBytes ?? SourceConfiguration.defaultMaxSnapshotBytes)
        return configuration
    }

    /// `template` with every `{name}` replaced as its parameter's kind says; every missing one named.
    private func fill(
        _ template: String, values: [String: String], what: String, fail: (String) -> SourceError,
        raw: Set<String> = []
    ) throws(SourceError) -> URL {
        var text = template
        var missing: [String] = []
        for name in SourceURL.placeholderNames(in: template) {
            guard let value = values[name], !value.isEmpty else {
                missing.append(name)
                continue
            }
            let kind = parameters.first { $0.name == name }?.kind ?? .segment
            let encoded: String
            if raw.contains(name) {
                encoded = value
            } else if kind == .host {
                guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) }) else {
                    throw fail("the \(name) \"\(value)\" is not a host name")
                }
                encoded = value
            } else {
                encoded = SourceURL.escapeSegment(value)
            }
            text = text.replacingOccurrences(of: "{\(name)}", with: encoded)
        }
        guard missing.isEmpty else {
            let described = missing.map { name in
                "\(name) (\(parameters.first { $0.name == name }?.help ?? "a value"))"
            }
            throw fail("\(what) needs " + described.joined(separator: ", ") + "; or give the whole URL")
        }
        guard let url = URL(string: text), url.host != nil else { throw fail("\(what) \"\(text)\" is not a URL") }
        return url
    }

    private func fillBody(_ template: String, values: [String: String], fail: (String) -> SourceError)
        throws(SourceError) -> String
    {
        var text = template
        for name in SourceURL.placeholderNames(in: template) {
            guard let value = values[name] else { throw fail("the request body needs \(name)") }
            let kind = parameters.first { $0.name == name }?.kind ?? .segment
            let items =
                kind == .list
                ? value.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } : [value]
            let json = items.filter { !$0.isEmpty }.map { SourceURL.jsonString($0) }
            text = text.replacingOccurrences(
                of: "{\(name)}", with: kind == .list ? "[" + json.joined(separator: ", ") + "]" : json.first ?? "\"\"")
        }
        return text
    }
}
