/// One HR system described as data: where its records are, how it pages, how it authenticates, and the URL to ask.
/// Adding a system means adding a `SourcePreset` to `SourcePreset.all` (`SourcePresets.swift`), not a code path.
public struct SourcePreset: Sendable, Equatable {
    /// A value the URL, body or token URL is built from (`{tenant}`), when no whole URL is given.
    public struct Parameter: Sendable, Equatable {
        public enum Kind: String, Sendable {
            /// A host name, with a port if any: put in as is, after checking its characters.
            case host
            /// One path segment (percent-encoded).
            case segment
            /// A comma-separated list, put in a JSON body as an array of strings.
            case list
        }

        public var name: String
        public var kind: Kind
        /// What it is, for the message listing missing parameters.
        public var help: String
        public var defaultValue: String?

        public init(_ name: String, _ kind: Kind, _ help: String, defaultValue: String? = nil) {
            self.name = name
            self.kind = kind
            self.help = help
            self.defaultValue = defaultValue
        }
    }

    /// As users name it (`--source-preset workday`).
    public var name: String
    public var title: String
    /// The first page's URL with `{parameter}` placeholders; nil: the user always gives the URL (generic).
    public var urlTemplate: String?
    public var parameters: [Parameter]
    /// Query parameters the source needs, added when the URL given has none of that name (`format=json`).
    public var query: [(name: String, value: String)]
    public var method: String
    /// A JSON body template (BambooHR's custom report: the fields asked for).
    public var bodyTemplate: String?
    public var headers: [String: String]
    /// "" for a top-level array.
    public var recordsPath: String
    public var paging: SourcePaging
    /// The page size asked for, and the most the source gives.
    public var pageSize: Int?
    public var maxPageSize: Int?
    /// The default auth style and the others the source accepts.
    public var auth: SourceAuthStyle
    public var authStyles: [SourceAuthStyle]
    public var tokenRequest: TokenRequest?
    public var apiKeyHeader: String?
    /// The section of docs/hr-sources.md with the source's facts and its set-up.
    public var documentation: String

    public init(
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

    public static func == (left: SourcePreset, right: SourcePreset) -> Bool {
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
    public static func named(_ name: String) -> SourcePreset? {
        all.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}
