import Foundation
import HRSources
import TestSupport
import Testing
import Transport

/// What a hostile or broken source may answer, each ending with an error that names the URL (without its secrets)
/// and sends nothing where it should not: next links of another scheme or carrying credentials, a token URL on
/// another host, a page cut short, an HTML error page.
@Suite struct SourceHostileAnswerTests {
    typealias Base = SourceFetcherTests

    struct Refusal: Sendable, CustomTestStringConvertible {
        let link: String
        /// What the message shows of the link.
        let shown: String
        let says: String
        var testDescription: String { link }
    }

    static let refusals = [
        Refusal(link: "file:///etc/passwd", shown: "file:///etc/passwd", says: "uses file:, not https"),
        Refusal(link: "gopher://hr.example.com/1x", shown: "gopher://hr.example.com/1x", says: "uses gopher:"),
        Refusal(
            link: "https://admin:pw-Zq81@hr.example.com/p2", shown: "https://hr.example.com/p2",
            says: "carries a user name or password"),
        Refusal(link: "https:///p2", shown: "https:///p2", says: "names no host"),
    ]

    @Test(arguments: refusals)
    func aNextLinkOfAnotherSchemeOrWithCredentialsIsRefusedByName(_ refusal: Refusal) async throws {
        let workspace = try Workspace("hr-source")
        let requests = Counter()
        let fetcher = Base.fetcher(try Base.configuration()) { request in
            _ = requests.next()
            #expect(request.url.path == "/people", "followed to \(request.url)")
            return jsonAnswer(200, #"{"data": [{"id": "1"}], "links": {"next": "\#(refusal.link)"}}"#)
        }
        let error = try #require(await SourceHarness.failure(fetcher, to: workspace.url("s.ndjson").path))
        #expect(error.detail.hasPrefix("the next link of page 1: "), "\(error.detail)")
        #expect(error.detail.contains(refusal.shown) && error.detail.contains(refusal.says), "\(error.detail)")
        #expect(!error.detail.contains("pw-Zq81") && !error.detail.contains("admin"), "\(error.detail)")
        #expect(requests.value == 1)
        #expect(try SourceHarness.leftovers(in: workspace.directory).isEmpty)
    }

    /// A token URL given by hand gets the client secret only on the source's host, or one `--allow-host` names.
    @Test func aTokenURLOnAnotherHostIsRefusedUnlessAllowed() throws {
        func settings(_ tokenURL: String, allowed: [String] = []) -> SourceSettings {
            SourceSettings(
                url: Base.base + "/people", auth: .oauth2, clientID: "client", tokenURL: tokenURL,
                allowedHosts: allowed)
        }
        #expect(throws: SourceError.self) { try SourcePreset.generic.configuration(settings("https://evil.test/t")) }
        do {
            _ = try SourcePreset.generic.configuration(settings("https://evil.test/token?client_secret=x"))
        } catch {
            #expect(
                error.kind
                    == .otherHost(
                        what: "the token URL", url: "https://evil.test/token?client_secret=***", host: "evil.test",
                        sourceHost: "hr.example.com"))
        }
        let plain = #expect(throws: SourceError.self) {
            try SourcePreset.generic.configuration(settings("http://hr.example.com/token"))
        }
        #expect(plain?.detail.contains("must use https") == true)
        let allowed = try SourcePreset.generic.configuration(
            settings("https://Login.Other.test/t", allowed: ["login.other.test"]))
        #expect(allowed.auth.tokenURL?.host == "Login.Other.test")
        let sameHost = try SourcePreset.generic.configuration(settings(Base.base + "/oauth2/token"))
        #expect(sameHost.auth.tokenURL?.path == "/oauth2/token")
    }

    /// A 200 whose list of records is cut short is asked for again, saying so, and read whole the second time.
    @Test func aPageCutShortIsAskedForAgainAndSaysSo() async throws {
        let workspace = try Workspace("hr-source")
        let events = EventLog()
        let answers = Counter()
        let fetcher = SourceFetcher(
            configuration: try Base.configuration(),
            secrets: SourceHarness.secrets([.token: Base.token]),
            transport: ClosureTransport { _ in
                answers.next() == 1
                    ? jsonAnswer(200, #"{"data": [{"id": "1"}, "#)
                    : jsonAnswer(200, #"{"data": [{"id": "1"}, {"id": "2"}]}"#)
            }, time: SteppingTime(), events: events.handler)
        let summary = try await fetcher.fetch(to: workspace.url("s.ndjson").path)
        #expect(summary.records == 2 && answers.value == 2)
        #expect(
            events.text.contains(
                "the answer is not JSON with the records at data (line 1, column 24: $.data: not valid JSON: the text "
                    + "ends inside the list of records, before its ']': it was cut short); asking again; attempt 2 in"),
            "\(events.text)")
    }

    /// An error page in HTML (a proxy's, a load balancer's) is named by its title, not dumped.
    @Test func anHTMLErrorPageIsNamedByItsTitle() async throws {
        let workspace = try Workspace("hr-source")
        let page =
            "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>"
            + String(
                repeating: "<p>filler</p>\n", count: 50) + "</body></html>"
        let fetcher = Base.fetcher(try Base.configuration()) { _ in
            HTTPResponse(status: 404, headers: ["Content-Type": "text/html"], body: Data(page.utf8))
        }
        let error = try #require(await SourceHarness.failure(fetcher, to: workspace.url("s.ndjson").path))
        #expect(
            error.kind == .failed(url: Base.base + "/people", status: 404, detail: "an HTML page (\"502 Bad Gateway\")")
        )
    }
}
