import Foundation

/// Everything the HR emulator can be told on its command line. The defaults are a healthy source: 120 generated
/// people, pages of 50, no faults, and credentials the banner prints.
package struct HRConfiguration: Sendable, Equatable {
    /// How the generic source pages (`--generic-paging`).
    package enum GenericPaging: String, Sendable, Equatable, CaseIterable {
        /// Everything in one answer.
        case none
        /// An absolute URL of the next page under `links.next` (`null` on the last), or in a `Link: …; rel="next"`
        /// header when the records are a top-level array.
        case nextLink = "next-link"
        /// `?offset=&limit=`, with the `total` in the body (or `X-Total-Count` for a top-level array).
        case offset
        /// `?page=&per_page=` from page 1, with `total_pages` in the body (or `X-Total-Pages`).
        case page
        /// `?cursor=`, the next one in `next_cursor` (`null` on the last page).
        case cursor
    }

    /// How the generic source checks credentials (`--generic-auth`).
    package enum GenericAuth: String, Sendable, Equatable, CaseIterable {
        case none
        /// `--user` and `--password`.
        case basic
        /// `--bearer-token`, or a token from any of the emulator's token endpoints.
        case bearer
        /// `--api-key` in the `--api-key-header` header.
        case apiKey = "api-key"
        /// Only a token from `POST /oauth2/token` (client credentials): a client that skips it is refused.
        case oauth2
    }

    /// What a page named by `--malformed-page` answers, always with status 200.
    package enum MalformedKind: String, Sendable, Equatable, CaseIterable {
        /// The page's JSON cut short: a syntax error, in a complete HTTP message.
        case brokenJSON = "broken-json"
        /// A `text/html` maintenance page.
        case html
        /// `{"error": {...}}` instead of records.
        case error
        /// Valid JSON without the records where the preset puts them.
        case shape
    }

    package var port = 0
    package var host = "127.0.0.1"
    package var verbose = false
    /// `PUT /_hr/people` bodies are the largest requests.
    package var maxBodyBytes = 64 * 1024 * 1024

    /// From `--people FILE`; nil generates `peopleCount` people from `seed`.
    package var people: [Person]?
    package var peopleCount = 120
    /// Drives the generated people and every random fault, so a run is repeatable.
    package var seed: UInt64 = 1

    /// The size of every page (a request asking for more gets this many); also the size when a request names none.
    package var pageSize = 50
    /// `HOST:PORT` that next links point at instead of the emulator itself (the client must refuse to follow).
    package var nextLinkHost: String?
    /// The page whose next link is its own URL (the client must notice the loop).
    package var selfLoopPage: Int?

    package var genericPaging = GenericPaging.nextLink
    package var genericAuth = GenericAuth.bearer
    /// Dotted path of the records in a generic page; empty for a top-level array.
    package var genericRecordsPath = "data"
    package var apiKeyHeader = "X-API-Key"

    /// Basic auth (Workday's integration system user, SuccessFactors' `user@companyId`, the generic source).
    package var user = "provision@emulator"
    package var password = "hr-password"
    /// BambooHR's API key (sent as the basic user name), and the generic source's API key.
    package var apiKey = "hr-api-key"
    /// Client credentials for the token endpoints (ADP, Personio, the generic source, Workday's refresh grant).
    package var clientID = "hr-client"
    package var clientSecret = "hr-client-secret"
    /// Workday's OAuth refresh token.
    package var refreshToken = "hr-refresh-token"
    /// A bearer token accepted without a token request (where a preset takes bearer tokens).
    package var bearerToken = "hr-bearer-token"
    package var tokenLifetimeSeconds = 3600

    package var throttleRate = 0.0
    /// 429 normally; BambooHR answered throttled requests with 503 until 2026.
    package var throttleStatus = 429
    package var retryAfterSeconds = 1
    package var failRate = 0.0
    package var dropRate = 0.0
    package var slowPageMilliseconds = 0
    package var malformedPage: Int?
    package var malformedKind = MalformedKind.brokenJSON
    package var truncatePage: Int?
    /// Pages after this one answer 500: a source failing mid-way through a listing.
    package var failAfterPage: Int?
    /// How many times a malformed or truncated page misbehaves before answering properly; 0 is every time.
    package var pageFaultTimes = 0

    package init() {}

    /// The people served: from the file, or generated.
    package var seedPeople: [Person] { people ?? PeopleGenerator.generate(count: peopleCount, seed: seed) }
}
