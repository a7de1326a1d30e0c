import EmulatorKit
import Foundation
import JSONDocument

/// A generic REST source at `GET /generic/{anything}`: the seed people in their canonical JSON, under
/// `--generic-records-path` (or as a top-level array), paged as `--generic-paging` says and guarded as
/// `--generic-auth` says. Its token URL for `oauth2` is `POST /oauth2/token`.
struct GenericPreset {
    let state: HRState

    func handle(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard request.method == "GET" else { return HRResponse.methodNotAllowed(request, allowed: "GET") }
        let configuration = state.configuration
        let tokens = TokenEndpoints(state: state)
        let authorized: Bool
        var refusal = HRResponse.oauthError(401, "unauthorized", "Missing or invalid credentials.")
        switch configuration.genericAuth {
        case .none: authorized = true
        case .basic:
            authorized = tokens.acceptsBasic(request)
            refusal.headers.append(HTTPHeader("WWW-Authenticate", "Basic realm=\"generic\""))
        case .bearer:
            authorized = tokens.acceptsBearer(request)
            refusal = HRResponse.invalidToken("The bearer token is missing, invalid or expired.")
        case .oauth2:
            authorized = tokens.acceptsBearer(request, issuedOnly: true)
            refusal = HRResponse.invalidToken("Get a token from the token URL first (client credentials).")
        case .apiKey: authorized = tokens.acceptsAPIKeyHeader(request)
        }
        return state.serveListing(authorized: authorized, refusal: refusal) { page(request) }
    }

    private func page(_ request: HTTPRequestMessage) -> PageAnswer {
        let configuration = state.configuration
        let people = state.withModel { $0.people }
        let query = request.query
        let total = people.count
        let requested = (query["limit"] ?? query["per_page"]).flatMap(Int.init)
        var window = PageWindow.clamped(offset: 0, requested: requested, pageSize: configuration.pageSize)
        var extra: [JSONMember] = []
        var headers: [HTTPHeader] = []
        switch configuration.genericPaging {
        case .none:
            window = PageWindow(offset: 0, size: max(1, total))
        case .offset:
            window.offset = max(0, query["offset"].flatMap(Int.init) ?? 0)
            extra = [
                JSONMember("total", .number(total)), JSONMember("offset", .number(window.offset)),
                JSONMember("limit", .number(window.size)),
            ]
            headers = [HTTPHeader("X-Total-Count", String(total))]
        case .page:
            let number = max(1, query["page"].flatMap(Int.init) ?? 1)
            window.offset = (number - 1) * window.size
            let pages = (total + window.size - 1) / window.size
            extra = [
                JSONMember("page", .number(number)), JSONMember("per_page", .number(window.size)),
                JSONMember("total_pages", .number(pages)),
            ]
            headers = [HTTPHeader("X-Total-Pages", String(pages))]
        case .cursor:
            if let cursor = query["cursor"] {
                guard let offset = Self.offset(fromCursor: cursor) else {
                    return PageAnswer(
                        response: HRResponse.oauthError(
                            400, "invalid_cursor", "The cursor is not one this source gave."),
                        page: 1, records: 0)
                }
                window.offset = offset
            }
            let next: String? =
                configuration.selfLoopPage == window.number
                ? query["cursor"] ?? Self.cursor(offset: 0)
                : window.hasMore(total: total) ? Self.cursor(offset: window.offset + window.size) : nil
            extra = [JSONMember("next_cursor", .optional(next))]
        case .nextLink:
            window.offset = max(0, query["offset"].flatMap(Int.init) ?? 0)
            let next = state.nextLink(request, window: window, total: total) {
                ["offset": String(window.offset + window.size), "limit": String(window.size)]
            }
            if configuration.genericRecordsPath.isEmpty {
                if let next { headers = [HTTPHeader("Link", "<\(next)>; rel=\"next\"")] }
            } else {
                extra = [JSONMember("links", .object(["next": .optional(next)]))]
            }
        }
        let records = window.records(people).map(\.json)
        let body = Self.place(.array(records), at: configuration.genericRecordsPath, beside: extra)
        return PageAnswer(
            response: HRResponse.json(200, body, headers: headers), page: window.number, records: records.count)
    }

    /// The records at a dotted path (`result.items`), with `beside` as the top-level object's other members.
    static func place(_ records: JSON, at path: String, beside: [JSONMember]) -> JSON {
        let keys = path.split(separator: ".").map(String.init)
        guard let first = keys.first else { return records }
        let nested = keys.dropFirst().reversed().reduce(records) { inner, key in .object([JSONMember(key, inner)]) }
        return .object([JSONMember(first, nested)] + beside)
    }

    static func cursor(offset: Int) -> String {
        Data("offset:\(offset)".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    static func offset(fromCursor cursor: String) -> Int? {
        let padded = cursor + String(repeating: "=", count: (4 - cursor.count % 4) % 4)
        guard let data = Data(base64Encoded: padded), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("offset:"), let offset = Int(text.dropFirst(7)), offset >= 0
        else { return nil }
        return offset
    }
}
