import Foundation
import HRSources
import TestSupport
import Testing
import Transport

/// The emulator's faults against the real binary: throttling honoured, broken and cut pages asked for again and then
/// refused with a clear error, a source failing mid-way, next links to another host or to the same page, and never a
/// partial snapshot or a previous one replaced.
@Suite struct SourceFaultTests {
    static let secrets = SourceHarness.secrets([.token: "hr-bearer-token", .password: "hr-password"])

    /// The generic source with next links, bearer auth, pages of 7 of 30 people.
    static func generic(_ hr: HREmulatorProcess, allowedHosts: [String] = []) throws -> SourceConfiguration {
        try SourcePreset.generic.configuration(
            SourceSettings(url: hr["generic"], pageSize: 7, allowedHosts: allowedHosts))
    }

    static func fetcher(
        _ configuration: SourceConfiguration, time: SteppingTime = SteppingTime(), events: EventLog = EventLog(),
        attempts: Int = 3
    ) -> SourceFetcher {
        SourceFetcher(
            configuration: configuration, secrets: secrets, transport: CurlTransport(), time: time,
            retry: RetryPolicy(maxAttempts: attempts, requestTimeoutSeconds: 20, maxWait: 60), events: events.handler)
    }

    @Test(arguments: ["429", "503"])
    func throttlingIsWaitedOutAsRetryAfterSays(status: String) async throws {
        let hr = try HREmulatorProcess([
            "--people-count", "30", "--page-size", "7", "--throttle-rate", "0.4", "--throttle-status", status,
            "--retry-after", "3", "--seed", "5",
        ])
        let workspace = try Workspace("hr-source")
        let time = SteppingTime()
        let events = EventLog()
        let summary = try await Self.fetcher(try Self.generic(hr), time: time, events: events, attempts: 8)
            .fetch(to: workspace.url("s.ndjson").path)
        #expect(summary.records == 30)
        let throttled = try #require(try hr.stats()["throttled"])
        #expect(throttled > 0)
        #expect(time.sleeps == Array(repeating: 3, count: throttled))
        #expect(events.text.contains("HTTP \(status)"))
    }

    @Test(arguments: ["broken-json", "html"])
    func aBrokenPageIsAskedForAgainThenRefused(kind: String) async throws {
        let arguments = ["--people-count", "30", "--page-size", "7", "--malformed-page", "3", "--malformed-kind", kind]
        let workspace = try Workspace("hr-source")
        let path = workspace.url("s.ndjson").path
        // Broken once: the second answer is whole, and the page's records are in the snapshot once.
        let flaky = try HREmulatorProcess(arguments + ["--page-fault-times", "1"])
        let summary = try await Self.fetcher(try Self.generic(flaky)).fetch(to: path)
        #expect(summary.records == 30)
        let ids = try SourceHarness.snapshotRecords(path).compactMap { $0["id"]?.text }
        #expect(ids.count == 30 && Set(ids).count == 30)
        let previous = try Data(contentsOf: URL(fileURLWithPath: path))
        // Broken every time: a clear error after the attempts, and the previous snapshot untouched.
        let broken = try HREmulatorProcess(arguments)
        let error = try #require(await SourceHarness.failure(Self.fetcher(try Self.generic(broken)), to: path))
        guard case .malformed(let url, let page, "JSON with the records at data", let detail, let attempts) = error.kind
        else {
            Issue.record("\(error)")
            return
        }
        #expect(page == 3 && attempts == 3 && url.contains("offset=14"))
        #expect(detail.contains(kind == "html" ? "an HTML page (\"Maintenance\")" : "not valid JSON"), "\(detail)")
        #expect(error.detail.hasPrefix("page 3 (\(url)) is not JSON with the records at data: "), "\(error.detail)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == previous)
        #expect(try SourceHarness.leftovers(in: workspace.directory) == ["s.ndjson"])
    }

    /// JSON that is not records (an error object, another shape) is not asked for again: the message says what was
    /// expected and what came.
    @Test func aPageOfAnotherShapeSaysWhatWasExpected() async throws {
        let workspace = try Workspace("hr-source")
        let path = workspace.url("s.ndjson").path
        let error = try HREmulatorProcess([
            "--people-count", "30", "--page-size", "7", "--malformed-page", "2", "--malformed-kind", "error",
        ])
        let answered = try #require(await SourceHarness.failure(Self.fetcher(try Self.generic(error)), to: path))
        #expect(
            answered.detail.contains(
                "does not hold the records expected: the answer is an error, not records (error.code: InternalError; "
                    + "error.message: The request could not be completed; try again later.)"), "\(answered.detail)")
        let shape = try HREmulatorProcess([
            "--people-count", "30", "--page-size", "7", "--malformed-page", "1", "--malformed-kind", "shape",
        ])
        let other = try #require(await SourceHarness.failure(Self.fetcher(try Self.generic(shape)), to: path))
        #expect(other.detail.contains("page 1 ("), "\(other.detail)")
        #expect(other.detail.contains("there is no array of records at the records path data"), "\(other.detail)")
        #expect(try hr(shape)["requests"] == 1)
        #expect(try SourceHarness.leftovers(in: workspace.directory).isEmpty)
    }

    private func hr(_ process: HREmulatorProcess) throws -> [String: Int] { try process.stats() }

    @Test func aTruncatedPageIsAskedForAgainThenRefused() async throws {
        let workspace = try Workspace("hr-source")
        let path = workspace.url("s.ndjson").path
        let flaky = try HREmulatorProcess([
            "--people-count", "30", "--page-size", "7", "--truncate-page", "2",
            "--page-fault-times", "1",
        ])
        #expect(try await Self.fetcher(try Self.generic(flaky)).fetch(to: path).records == 30)
        #expect(Set(try SourceHarness.snapshotRecords(path).compactMap { $0["id"]?.text }).count == 30)
        let cut = try HREmulatorProcess(["--people-count", "30", "--page-size", "7", "--truncate-page", "2"])
        let error = try #require(await SourceHarness.failure(Self.fetcher(try Self.generic(cut)), to: path))
        guard case .unavailable(_, _, let attempts) = error.kind else {
            Issue.record("\(error)")
            return
        }
        #expect(attempts == 3)
        #expect(try SourceHarness.leftovers(in: workspace.directory) == ["s.ndjson"])
    }

    @Test func aSourceFailingMidwayKeepsNoPartialSnapshot() async throws {
        let workspace = try Workspace("hr-source")
        let path = workspace.url("s.ndjson").path
        try Data("{\"previous\": true}\n".utf8).write(to: URL(fileURLWithPath: path))
        let hr = try HREmulatorProcess(["--people-count", "30", "--page-size", "7", "--fail-after-page", "2"])
        let error = try #require(await SourceHarness.failure(Self.fetcher(try Self.generic(hr)), to: path))
        #expect(error.detail.contains("HTTP 500"), "\(error.detail)")
        #expect(error.detail.contains("nothing was kept"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"previous\": true}\n")
        #expect(try SourceHarness.leftovers(in: workspace.directory) == ["s.ndjson"])
    }

    /// Two emulators: the first's next links point at the second. Refused (the credentials would go there) unless
    /// the second is allowed; then the pages come from it.
    @Test func aNextLinkToAnotherHostIsRefusedUnlessAllowed() async throws {
        let other = try HREmulatorProcess(["--people-count", "30", "--page-size", "7"])
        let hr = try HREmulatorProcess([
            "--people-count", "30", "--page-size", "7", "--next-link-host", other.hostAndPort,
        ])
        let workspace = try Workspace("hr-source")
        let path = workspace.url("s.ndjson").path
        let error = try #require(await SourceHarness.failure(Self.fetcher(try Self.generic(hr)), to: path))
        guard case .otherHost(_, _, let host, let sourceHost) = error.kind else {
            Issue.record("\(error)")
            return
        }
        #expect(host == other.hostAndPort && sourceHost == hr.hostAndPort)
        #expect(error.detail.contains("--allow-host \(other.hostAndPort)"))
        #expect(try other.stats()["requests"] == 0)
        let allowed = try await Self.fetcher(try Self.generic(hr, allowedHosts: [other.hostAndPort])).fetch(to: path)
        #expect(allowed.records == 30)
        #expect(try other.stats()["pages"] == 4)
    }

    @Test(arguments: ["next-link", "cursor"])
    func aNextLinkToTheSamePageIsALoop(paging: String) async throws {
        let hr = try HREmulatorProcess([
            "--people-count", "30", "--page-size", "7", "--self-loop-page", "2", "--generic-paging", paging,
        ])
        let workspace = try Workspace("hr-source")
        var settings = SourceSettings(url: hr["generic"], pageSize: 7)
        if paging == "cursor" {
            settings.paging = SourcePaging(style: .cursor, cursorParameter: "cursor", cursorPath: "next_cursor")
        }
        let configuration = try SourcePreset.generic.configuration(settings)
        let error = try #require(
            await SourceHarness.failure(Self.fetcher(configuration), to: workspace.url("s.ndjson").path))
        guard case .loop(_, let page) = error.kind else {
            Issue.record("\(error)")
            return
        }
        #expect(page == 3)
        #expect(error.detail.contains("the source's paging loops"))
        #expect(try SourceHarness.leftovers(in: workspace.directory).isEmpty)
    }

    /// Every output of runs with secrets (the errors, the events) searched as an attacker would, base64 included.
    @Test func noSecretIsEverShown() async throws {
        let secrets: [SourceSecret: String] = [
            .password: "pw+Zx9/Lm3=Vb-4421", .clientSecret: "cs~Qv8+Hk3/Zn=Wt_4", .refreshToken: "rt.Bx_4Lm7Rp+Qw7/Z",
            .token: "tk-Lm3~Vb-4421+Qv8/H", .apiKey: "ak/Wt=Bx_4.Lm7Rp+Zx",
        ]
        var output = ""
        let hr = try HREmulatorProcess([
            "--people-count", "30", "--page-size", "7", "--password", secrets[.password]!, "--client-secret",
            secrets[.clientSecret]!, "--refresh-token", secrets[.refreshToken]!, "--bearer-token", secrets[.token]!,
            "--api-key", secrets[.apiKey]!, "--throttle-rate", "0.3", "--fail-after-page", "3", "--retry-after", "1",
        ])
        let workspace = try Workspace("hr-source")
        for (preset, settings) in [
            ("workday", SourceSettings(url: hr["workday"], auth: .oauth2, clientID: "hr-client")),
            ("workday", SourceSettings(url: hr["workday"], user: "provision@emulator")),
            ("personio", SourceSettings(url: hr["personio"], clientID: "hr-client")),
            ("generic", SourceSettings(url: hr["generic"] + "?access_token=\(secrets[.token]!)", pageSize: 7)),
            ("bamboohr", SourceSettings(url: hr["bamboohr-report"])),
        ] {
            let events = EventLog()
            let fetcher = SourceFetcher(
                configuration: try #require(SourcePreset.named(preset)).configuration(settings),
                secrets: SourceHarness.secrets(secrets), transport: CurlTransport(), time: SteppingTime(),
                retry: RetryPolicy(maxAttempts: 4, requestTimeoutSeconds: 20, maxWait: 60), events: events.handler)
            do {
                output += "\(try await fetcher.fetch(to: workspace.url("s.ndjson").path))\n"
            } catch {
                output += (error.errorDescription ?? "") + "\n\(error)\n"
            }
            output += events.text + "\n"
        }
        #expect(output.contains("HTTP 500"))
        #expect(LeakChecker.leaks(of: Array(secrets.values), in: output).isEmpty, "\(output)")
    }
}
