import Foundation
import HRSources
import TestSupport
import Testing
import Transport

/// Each preset against the emulator's faults: throttling waited out, a broken page and a cut page refused after the
/// attempts with no snapshot kept; and for the preset that pages by next links (SuccessFactors' `d.__next`), a link
/// to another host and a link to the same page refused.
@Suite struct PresetFaultTests {
    /// One case per preset, with its default credentials.
    static let presets = ["workday", "bamboohr", "bamboohr-directory", "successfactors", "personio", "adp", "generic"]
        .compactMap { name in PresetEmulatorTests.cases.first { $0.preset == name } }

    static func fetcher(_ test: PresetEmulatorTests.Case, _ hr: HREmulatorProcess, time: SteppingTime = SteppingTime())
        throws -> SourceFetcher
    {
        SourceFetcher(
            configuration: try PresetEmulatorTests.configuration(test, hr),
            secrets: SourceHarness.secrets(PresetEmulatorTests.goodSecrets), transport: CurlTransport(), time: time,
            retry: RetryPolicy(maxAttempts: 10, requestTimeoutSeconds: 20, maxWait: 60))
    }

    static func arguments(_ test: PresetEmulatorTests.Case, _ faults: [String]) -> [String] {
        PresetEmulatorTests.emulatorArguments + test.arguments + faults
    }

    @Test(arguments: presets)
    func throttlingIsWaitedOut(_ test: PresetEmulatorTests.Case) async throws {
        // BambooHR answered throttled requests with 503 until 2026 (docs/hr-sources.md, "BambooHR").
        let status = test.preset.hasPrefix("bamboohr") ? "503" : "429"
        let hr = try HREmulatorProcess(
            Self.arguments(
                test, ["--throttle-rate", "0.5", "--throttle-status", status, "--retry-after", "2", "--seed", "3"]))
        let workspace = try Workspace("hr-source")
        let time = SteppingTime()
        let summary = try await Self.fetcher(test, hr, time: time).fetch(to: workspace.url("s.ndjson").path)
        #expect(summary.pages == test.pages)
        let throttled = try #require(try hr.stats()["throttled"])
        #expect(throttled > 0)
        #expect(time.sleeps == Array(repeating: 2, count: throttled))
    }

    @Test(arguments: presets)
    func aBrokenLastPageKeepsNothing(_ test: PresetEmulatorTests.Case) async throws {
        let hr = try HREmulatorProcess(Self.arguments(test, ["--malformed-page", String(test.pages)]))
        let workspace = try Workspace("hr-source")
        let error = try #require(
            await SourceHarness.failure(try Self.fetcher(test, hr), to: workspace.url("s.ndjson").path))
        guard case .malformed(_, let page, let expected, let detail, 10) = error.kind else {
            Issue.record("\(error)")
            return
        }
        #expect(page == test.pages && detail.contains("not valid JSON"), "\(detail)")
        let path = try PresetEmulatorTests.configuration(test, hr).recordsPath
        #expect(expected == "JSON with the records at \(path)" && !path.isEmpty)
        #expect(try SourceHarness.leftovers(in: workspace.directory).isEmpty)
    }

    @Test(arguments: presets)
    func aCutLastPageKeepsNothing(_ test: PresetEmulatorTests.Case) async throws {
        let hr = try HREmulatorProcess(Self.arguments(test, ["--truncate-page", String(test.pages)]))
        let workspace = try Workspace("hr-source")
        let error = try #require(
            await SourceHarness.failure(try Self.fetcher(test, hr), to: workspace.url("s.ndjson").path))
        guard case .unavailable(_, _, 10) = error.kind else {
            Issue.record("\(error)")
            return
        }
        #expect(try hr.stats()["truncated"] == 10)
        #expect(try SourceHarness.leftovers(in: workspace.directory).isEmpty)
    }

    @Test func successFactorsNextLinksStayOnTheSourceHostAndNeverLoop() async throws {
        let test = try #require(Self.presets.first { $0.preset == "successfactors" })
        let other = try HREmulatorProcess(PresetEmulatorTests.emulatorArguments)
        let elsewhere = try HREmulatorProcess(Self.arguments(test, ["--next-link-host", other.hostAndPort]))
        let workspace = try Workspace("hr-source")
        let path = workspace.url("s.ndjson").path
        let refused = try #require(await SourceHarness.failure(try Self.fetcher(test, elsewhere), to: path))
        #expect(
            refused.kind
                == .otherHost(
                    what: "the next link of page 1", url: try #require(refusedURL(refused)), host: other.hostAndPort,
                    sourceHost: elsewhere.hostAndPort))
        #expect(try other.stats()["requests"] == 0)
        let looping = try HREmulatorProcess(Self.arguments(test, ["--self-loop-page", "3"]))
        let loop = try #require(await SourceHarness.failure(try Self.fetcher(test, looping), to: path))
        guard case .loop(_, 4) = loop.kind else {
            Issue.record("\(loop)")
            return
        }
        #expect(try SourceHarness.leftovers(in: workspace.directory).isEmpty)
    }

    private func refusedURL(_ error: SourceError) -> String? {
        if case .otherHost(_, let url, _, _) = error.kind { return url }
        return nil
    }
}
