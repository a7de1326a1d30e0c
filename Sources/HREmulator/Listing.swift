import EmulatorKit
import Foundation
import JSONDocument

/// One page of a listing: where it starts and how many records it holds at most.
struct PageWindow: Equatable {
    var offset: Int
    var size: Int

    /// 1-based, as `--malformed-page` and the other page flags count: the page this window starts in.
    var number: Int { offset / max(1, size) + 1 }

    func records<T>(_ all: [T]) -> ArraySlice<T> { all.dropFirst(max(0, offset)).prefix(max(0, size)) }

    func hasMore(total: Int) -> Bool { offset + size < total }

    /// A client asking for more than the server's page size gets the page size (and must page on).
    static func clamped(offset: Int, requested: Int?, pageSize: Int) -> PageWindow {
        PageWindow(offset: max(0, offset), size: min(max(1, requested ?? pageSize), pageSize))
    }
}

/// What a preset answers for one request of a listing, before the page faults: the response, the page's number and
/// how many records it carries.
struct PageAnswer {
    var response: HTTPResponseMessage
    var page: Int
    var records: Int
}

extension HRState {
    /// Where next links point: `--next-link-host`, else the emulator itself.
    var linkBase: String { configuration.nextLinkHost.map { "http://\($0)" } ?? baseURL }

    /// An absolute link to `path` with the request's own query parameters, `changes` applied (nil removes one).
    func link(_ request: HTTPRequestMessage, path: String? = nil, changes: [String: String?]) -> String {
        var pairs = request.orderedQuery.filter { changes[$0.name] == nil }
        for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
            if let value { pairs.append((name, value)) }
        }
        let query = pairs.map { "\(encodeQueryComponent($0.name))=\(encodeQueryComponent($0.value))" }
            .joined(separator: "&")
        return linkBase + (path ?? request.path) + (query.isEmpty ? "" : "?" + query)
    }

    /// The next link of page `window`, or nil on the last page; `--self-loop-page` makes it the page's own URL.
    func nextLink(_ request: HTTPRequestMessage, window: PageWindow, total: Int, changes: () -> [String: String?])
        -> String?
    {
        if configuration.selfLoopPage == window.number { return linkBase + request.target }
        return window.hasMore(total: total) ? link(request, changes: changes()) : nil
    }

    /// Answers a data request: credentials first, then the random faults, then the preset's page with the page
    /// faults applied; counts all of it in the stats.
    func serveListing(
        authorized: Bool, refusal: @autoclosure () -> HTTPResponseMessage, answer: () -> PageAnswer
    ) -> HTTPResponseMessage {
        guard authorized else {
            withModel { $0.stats.authFailures += 1 }
            return refusal()
        }
        switch withModel({ $0.faults.draw() }) {
        case .none:
            break
        case .drop:
            withModel { $0.stats.dropped += 1 }
            return .dropConnection()
        case .serverError(let status):
            withModel { $0.stats.serverErrors += 1 }
            return HRResponse.json(
                status, .object(["error": "server_error", "message": "The service is temporarily unavailable."]))
        case .throttle:
            withModel { $0.stats.throttled += 1 }
            return HRResponse.json(
                configuration.throttleStatus,
                .object(["error": "too_many_requests", "message": "Rate limit exceeded; retry later."]),
                headers: [HTTPHeader("Retry-After", String(configuration.retryAfterSeconds))])
        }
        var page = answer()
        guard page.response.status == 200 || page.response.status == 204 else { return page.response }
        if let last = configuration.failAfterPage, page.page > last {
            withModel { $0.stats.serverErrors += 1 }
            return HRResponse.json(
                500, .object(["error": "server_error", "message": .string("The source failed after page \(last).")]))
        }
        let faulty = withModel { model -> Bool in
            guard page.page == configuration.malformedPage || page.page == configuration.truncatePage else {
                return false
            }
            model.pageFaultHits[page.page, default: 0] += 1
            let times = configuration.pageFaultTimes
            return times == 0 || model.pageFaultHits[page.page]! <= times
        }
        if configuration.slowPageMilliseconds > 0 {
            withModel { $0.stats.slowed += 1 }
            sleep(Double(configuration.slowPageMilliseconds) / 1000)
        }
        if faulty, page.page == configuration.malformedPage {
            withModel { $0.stats.malformed += 1 }
            return Self.malformed(page.response, kind: configuration.malformedKind)
        }
        if faulty, page.page == configuration.truncatePage {
            withModel { $0.stats.truncated += 1 }
            page.response.truncateBodyAt = page.response.body.count / 2
            return page.response
        }
        withModel {
            $0.stats.pages += 1
            $0.stats.records += page.records
        }
        return page.response
    }

    /// A 200 answer that is not the page: what a source's failing gateway or changed report sends.
    static func malformed(_ page: HTTPResponseMessage, kind: HRConfiguration.MalformedKind) -> HTTPResponseMessage {
        switch kind {
        case .brokenJSON:
            var broken = page
            broken.status = 200
            broken.body = page.body.prefix(max(1, page.body.count * 3 / 5))
            if broken.body.isEmpty { broken.body = Data("{".utf8) }
            return broken
        case .html:
            return HRResponse.text(
                200,
                "<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>Down for maintenance</h1>"
                    + "<p>We will be back shortly.</p></body></html>",
                contentType: "text/html; charset=utf-8")
        case .error:
            return HRResponse.json(
                200,
                .object([
                    "error": .object([
                        "code": "InternalError", "message": "The request could not be completed; try again later.",
                    ])
                ]))
        case .shape:
            return HRResponse.json(200, .object(["unexpected": .object(["note": "This page holds no records."])]))
        }
    }
}
