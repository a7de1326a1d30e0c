/// One HR system described as data: where its records are, how it pages, how it authenticates, and the URL to ask.
/// Adding a system means adding a `SourcePreset` to `SourcePreset.all` (`SourcePresets.swift`), not a code path.
package struct SourcePreset: Sendable, Equatable {
    /// A value the URL, body or token URL is built from (`{tenant}`), when no whole URL is given.
    package struct Parameter: Sendable, Equatable {
        package enum Kind: String, Sendable {
            /// A host name, with a port if any: put in as is, after checking its characters.
            case host
            /// One path segment (percent-encoded).
            case segment
            /// A comma-separated list, put in a JSON body as an array of strings.
            case list
        }

        package var name: String
        package var kind: Kind
        /// What it is, for the message listing missing parameters.
        package var help: String
        package var defaultValue: String?

        package init(_ name: String, _ kind: Kind, _ help: String, defaultValue: String? = nil) {
            self.name = name
            self.kind = kind
            self.help = help
            self.defaultValue = defaultValue
        }
    }

    /// As users name it (`--source-preset workday`).
    package var name: String
    package var title: String
    /// The first page's URL with `{parameter}` placeholders; nil: the user always gives the URL (generic).
    package var urlTemplate: String?
    package var parameters: [Parameter]
    /// Query parameters the source needs, added when the URL given has none of that name (`format=json`).
    package var query: [(name: String, value: String)]
    package var method: String
    /// A JSON body template (BambooHR's custom report: the fields asked for).
    package var bodyTemplate: String?
    package var headers: [String: String]
    /// "" for a top-level array.
    package var recordsPath: String
    package var paging: SourcePaging
    /// The page size asked for, and the most the source gives.
    package var pageSize: Int?
    package var maxPageSize: Int?
    /// The default auth style and the others the source accepts.
    package var auth: SourceAuthStyle
    package var authStyles: [SourceAuthStyle]
    package var tokenRequest: TokenRequest?
    package var apiKeyHeader: String?
    /// The section of docs/hr-sources.md with the source's facts and its set-up.
    package var documentation: String

    package init(
        name: String, title: String, urlTemplate: String?, parameters: [Parameter] = [],
        query: [(name: String, value: String)] = [], method: String = "GET", bodyTemplate: String? = nil,
        headers: [String: String] = ["Accept": "application/json"], recordsPath: String, paging: SourcePaging,
        pageSize: Int? = nil, maxPageSize: Int? = nil, auth: SourceAuthStyle, authStyles: [SourceAuthStyle],
        tokenRequest: TokenRequest? = nil, apiKeyHeader: String? = nil, documentation: String
    ) {
        self.name = name
        self.title = title
        self.urlTemplate = urlTemplate
        self.parameters = parameters
        self.query = query
        self.method = method
        self.bodyTemplate = bodyTemplate
        self.headers = headers
        self.recordsPath = recordsPath
        self.paging = paging
        self.pageSize = pageSize
        self.maxPageSize = maxPageSize
        self.auth = auth
        self.authStyles = authStyles
        self.tokenRequest = tokenRequest
        self.apiKeyHeader = apiKeyHeader
        self.documentation = documentation
    }

    package static func == (left: SourcePreset, right: SourcePreset) -> Bool {
        left.name == right.name && left.title == right.title && left.urlTemplate == right.urlTemplate
            && left.parameters == right.parameters && left.query.map(\.name) == right.query.map(\.name)
            && left.query.map(\.value) == right.query.map(\.value) && left.method == right.method
            && left.bodyTemplate == right.bodyTemplate && left.headers == right.headers
            && left.recordsPath == right.recordsPath && left.paging == right.paging && left.pageSize == right.pageSize
            && left.maxPageSize == right.maxPageSize && left.auth == right.auth && left.authStyles == right.authStyles
            && left.tokenRequest == right.tokenRequest && left.apiKeyHeader == right.apiKeyHeader
            && left.documentation == right.documentation
    }

    /// The preset called `name` (any case), or nil.
    package static func named(_ name: String) -> SourcePreset? {
        all.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}
