import EmulatorKit
import Foundation
import JSONDocument
import Testing

@testable import HREmulator

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Flags, banner, the `/_hr` control endpoints, and the emulator on a real socket.
@Suite struct HRCommandTests {
    static func parsed(_ arguments: [String]) throws -> HRConfiguration {
        guard case .run(let configuration) = try HRConfiguration.parse(arguments) else {
            throw EmulatorError.missingValue(option: "help")
        }
        return configuration
    }

    @Test func parsesFlagsInBothSpellings() throws {
        let configuration = try Self.parsed([
            "--people-count=7", "--seed", "9", "--page-size", "3", "--generic-paging", "Cursor",
            "--generic-auth=api-key",
            "--malformed-page", "2", "--malformed-kind", "html", "--throttle-status", "503", "--next-link-host",
            "evil.test:80", "--fail-after-page=0",
        ])
        #expect(configuration.peopleCount == 7 && configuration.seed == 9 && configuration.pageSize == 3)
        #expect(configuration.genericPaging == .cursor && configuration.genericAuth == .apiKey)
        #expect(configuration.malformedPage == 2 && configuration.malformedKind == .html)
        #expect(configuration.throttleStatus == 503 && configuration.nextLinkHost == "evil.test:80")
        #expect(configuration.failAfterPage == 0)
        #expect(configuration.seedPeople.count == 7)
    }

    static let invalid: [(arguments: [String], error: EmulatorError)] = [
        (["--page-sise", "3"], .unknownOption("--page-sise", suggestion: "--page-size")),
        (["--page-size", "0"], .invalidValue(option: "--page-size", value: "0", expected: "a whole number >= 1")),
        (
            ["--generic-paging", "links"],
            .invalidValue(
                option: "--generic-paging", value: "links", expected: "one of none, next-link, offset, page, cursor")
        ),
        (
            ["--throttle-status", "500"],
            .invalidValue(option: "--throttle-status", value: "500", expected: "429 or 503")
        ),
        (
            ["--fail-rate", "2"],
            .invalidValue(option: "--fail-rate", value: "2", expected: "a probability from 0 to 1, e.g. 0.05")
        ),
        (
            ["--generic-records-path", "", "--generic-paging", "cursor"],
            .invalidValue(
                option: "--generic-paging", value: "cursor",
                expected: "a --generic-records-path for the cursor to sit beside (a top-level array has no room)")
        ),
    ]

    @Test(arguments: invalid)
    func refusesBadArguments(arguments: [String], error: EmulatorError) {
        #expect(throws: error) { try HRConfiguration.parse(arguments) }
    }

    @Test func helpListsEveryOption() throws {
        #expect(try HRConfiguration.parse(["--verbose", "--help"]) == .help)
        let help = HRConfiguration.helpText
        #expect(help.hasPrefix("OVERVIEW:") && help.contains("USAGE: hr-emulator"))
        for option in HRConfiguration.options { #expect(help.contains(option.name)) }
    }

    @Test func theBannerNamesEachPresetsURLAndTheCredentials() {
        let lines = HREmulator.banner(port: 4321, configuration: HRConfiguration()).split(separator: "\n")
        #expect(lines.first == "listening on http://127.0.0.1:4321")
        #expect(lines.contains("successfactors http://127.0.0.1:4321/odata/v2/User?$format=json"))
        #expect(lines.contains("adp-token-url http://127.0.0.1:4321/auth/oauth/v2/token"))
        #expect(lines.contains("client-secret hr-client-secret") && lines.contains("people 120"))
    }

    @Test func controlEndpointsShowStatsAndPeopleAndReplaceThePeople() throws {
        let harness = HRHarness()
        let stats = try #require(harness.get("/_hr/stats").json?.members?.map(\.key))
        #expect(
            stats == [
                "requests", "pages", "records", "authFailures", "throttled", "serverErrors", "dropped", "malformed",
                "truncated", "slowed", "tokensIssued",
            ])
        #expect(try Person.decodeList(Array(harness.get("/_hr/people").body)) == harness.people)
        let fewer = JSON.array(harness.people.prefix(3).map(\.json)).serialized
        let replaced = harness.send("PUT", "/_hr/people", body: String(decoding: fewer, as: UTF8.self))
        #expect(replaced.status == 200 && harness.people.count == 3)
        #expect(harness.get("/hr/v2/workers", headers: HRHarness.staticBearer).json?["workers"]?.arrayValue?.count == 3)
        let bad = harness.send("PUT", "/_hr/people", body: "[{\"id\": 1}]")
        #expect(bad.status == 400 && bad.json?["message"]?.stringValue?.contains("\"id\" must be") == true)
        #expect(harness.people.count == 3)
        #expect(harness.stat("requests") == 1)
        #expect(harness.get("/nowhere").status == 404 && harness.send("DELETE", "/_hr/stats").status == 405)
    }

    /// The one networked test: the real server, URLSession, and a truncated page seen as an error by the client.
    @Test func servesOverLoopbackAndCutsTheTruncatedPage() async throws {
        var configuration = HRConfiguration()
        configuration.peopleCount = 12
        configuration.pageSize = 5
        configuration.truncatePage = 2
        let emulator = HREmulator(configuration: configuration)
        let port = try emulator.start()
        defer { emulator.stop() }
        #expect(throws: EmulatorError.alreadyRunning) { try emulator.start() }
        func get(_ path: String) async throws -> (Data, HTTPURLResponse?) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!, timeoutInterval: 10)
            request.setValue("Bearer hr-bearer-token", forHTTPHeaderField: "Authorization")
            let (data, response) = try await URLSession.shared.data(for: request)
            return (data, response as? HTTPURLResponse)
        }
        let (data, response) = try await get("/generic/workers")
        #expect(response?.statusCode == 200)
        let next = try #require(try JSON.parse(Array(data))["links"]?["next"]?.stringValue)
        #expect(next == "http://127.0.0.1:\(port)/generic/workers?limit=5&offset=5")
        await #expect(throws: (any Error).self) { _ = try await get("/generic/workers?offset=5") }
        #expect(try await get("/generic/workers?offset=10").1?.statusCode == 200)
    }
}
