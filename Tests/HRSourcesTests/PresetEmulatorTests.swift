import Foundation
import HRSources
import JSONRecords
import TestSupport
import Testing
import Transport

/// Each preset end to end against the real `hr-emulator` on 127.0.0.1: every page read into a snapshot (mode 0600,
/// NDJSON the JSON records reader reads back), each auth style accepted, a wrong credential refused with a message
/// that names the source and not the secret.
@Suite struct PresetEmulatorTests {
    /// 30 people in pages of 7: five pages where a preset pages.
    static let emulatorArguments = ["--people-count", "30", "--page-size", "7"]
    static let goodSecrets: [SourceSecret: String] = [
        .password: "hr-password", .apiKey: "hr-api-key", .clientSecret: "hr-client-secret",
        .refreshToken: "hr-refresh-token", .token: "hr-bearer-token",
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let preset: String
        var arguments: [String] = []
        /// The banner line of the URL, and the one of the token URL when it is not the preset's.
        let urlLine: String
        var tokenURLLine: String?
        var settings = SourceSettings()
        /// Active people only (the directory), or everyone.
        var activeOnly = false
        let pages: Int
        /// The secret a wrong value of which must be refused.
        let refused: SourceSecret?
        var testDescription: String { label }
    }

    static let generic = "generic"
    static let cases: [Case] = [
        Case(
            label: "workday, basic", preset: "workday", urlLine: "workday",
            settings: SourceSettings(user: "provision@emulator"), pages: 1, refused: .password),
        Case(
            label: "workday, refresh token", preset: "workday", urlLine: "workday",
            settings: SourceSettings(auth: .oauth2, clientID: "hr-client"), pages: 1, refused: .refreshToken),
        Case(
            label: "workday, bearer", preset: "workday", urlLine: "workday", settings: SourceSettings(auth: .bearer),
            pages: 1, refused: .token),
        Case(
            label: "bamboohr custom report", preset: "bamboohr", urlLine: "bamboohr-report", pages: 1, refused: .apiKey),
        Case(
            label: "bamboohr directory", preset: "bamboohr-directory", urlLine: "bamboohr", activeOnly: true, pages: 1,
            refused: .apiKey),
        Case(
            label: "successfactors, basic", preset: "successfactors", urlLine: "successfactors",
            settings: SourceSettings(pageSize: 7, user: "provision@emulator"), pages: 5, refused: .password),
        Case(
            label: "personio", preset: "personio", urlLine: "personio", settings: SourceSettings(clientID: "hr-client"),
            pages: 5, refused: .clientSecret),
        Case(
            label: "adp", preset: "adp", urlLine: "adp", tokenURLLine: "adp-token-url",
            settings: SourceSettings(clientID: "hr-client"), pages: 5, refused: .clientSecret),
        Case(
            label: "generic next-link, bearer", preset: generic, urlLine: generic,
            settings: SourceSettings(pageSize: 7), pages: 5, refused: .token),
        Case(
            label: "generic Link header, top-level array, basic", preset: generic,
            arguments: ["--generic-records-path", "", "--generic-auth", "basic"], urlLine: generic,
            settings: SourceSettings(recordsPath: "", auth: .basic, user: "provision@emulator"), pages: 5,
            refused: .password),
        Case(
            label: "generic offset, api key", preset: generic,
            arguments: ["--generic-paging", "offset", "--generic-auth", "api-key", "--api-key-header", "X-Key"],
            urlLine: generic,
            settings: SourceSettings(
                paging: SourcePaging(
                    style: .offset, offsetParameter: "offset", sizeParameter: "limit", totalPath: "total"),
                auth: .apiKey, apiKeyHeader: "X-Key"), pages: 5, refused: .apiKey),
        Case(
            label: "generic page numbers, oauth2", preset: generic,
            arguments: [
                "--generic-paging", "page", "--generic-auth", "oauth2", "--generic-records-path", "result.items",
            ],
            urlLine: generic, tokenURLLine: "token-url",
            settings: SourceSettings(
                recordsPath: "result.items",
                paging: SourcePaging(
                    style: .page, pageParameter: "page", sizeParameter: "per_page", totalPath: "total_pages"),
                auth: .oauth2, clientID: "hr-client"), pages: 5, refused: .clientSecret),
        Case(
            label: "generic cursor, none", preset: generic,
            arguments: ["--generic-paging", "cursor", "--generic-auth", "none"],
            urlLine: generic,
            settings: SourceSettings(
                paging: SourcePaging(style: .cursor, cursorParameter: "cursor", cursorPath: "next_cursor"),
                auth: SourceAuthStyle.none), pages: 5, refused: nil),
    ]

    static func configuration(_ test: Case, _ hr: HREmulatorProcess) throws -> SourceConfiguration {
        var settings = test.settings
        settings.url = hr[test.urlLine]
        settings.tokenURL = test.tokenURLLine.map { hr[$0] }
        return try #require(SourcePreset.named(test.preset)).configuration(settings)
    }

    @Test(arguments: cases)
    func readsEveryPageIntoASnapshot(_ test: Case) async throws {
        let hr = try HREmulatorProcess(Self.emulatorArguments + test.arguments)
        let workspace = try Workspace("hr-source")
        let snapshot = workspace.url("people.ndjson").path
        let events = EventLog()
        let fetcher = SourceFetcher(
            configuration: try Self.configuration(test, hr), secrets: SourceHarness.secrets(Self.goodSecrets),
            transport: CurlTransport(), time: SteppingTime(), events: events.handler)
        let summary = try await fetcher.fetch(to: snapshot)
        let expected = try hr.peopleCount(activeOnly: test.activeOnly)
        #expect(expected > 20)
        #expect(summary.records == expected && summary.pages == test.pages)
        let records = try SourceHarness.snapshotRecords(snapshot)
        #expect(records.count == expected)
        #expect(try SourceHarness.mode(snapshot) == 0o600)
        #expect(try SourceHarness.leftovers(in: workspace.directory) == ["people.ndjson"])
        #expect(events.all.filter { if case .page = $0 { true } else { false } }.count == test.pages)
        // The emulator counts ADP's closing 204 as a page answered.
        #expect(try hr.stats()["pages"] == test.pages + (test.preset == "adp" ? 1 : 0))
    }

    @Test(arguments: cases.filter { $0.refused != nil })
    func aWrongCredentialIsRefusedWithoutShowingIt(_ test: Case) async throws {
        let hr = try HREmulatorProcess(Self.emulatorArguments + test.arguments)
        let workspace = try Workspace("hr-source")
        let wrong = "wrong-\(test.refused!.rawValue)-Zq8+/Tt=Kv"
        var secrets = Self.goodSecrets
        secrets[test.refused!] = wrong
        let fetcher = SourceFetcher(
            configuration: try Self.configuration(test, hr), secrets: SourceHarness.secrets(secrets),
            transport: CurlTransport(), time: SteppingTime())
        let error = try #require(await SourceHarness.failure(fetcher, to: workspace.url("people.ndjson").path))
        let message = try #require(error.errorDescription)
        #expect(message.hasPrefix("the \(test.preset) source: "))
        #expect(message.contains("refused"), "\(message)")
        #expect(LeakChecker.leaks(of: [wrong], in: message).isEmpty, "\(message)")
        #expect(try SourceHarness.leftovers(in: workspace.directory).isEmpty)
    }
}
