import Foundation
import TestSupport
import Testing

/// `provision upload --source` end to end: each preset's sample config read from the HR API emulator into a snapshot
/// (mode 0600, next to the journal) and sent to the Entra emulator, and what must never happen: a secret printed or
/// written anywhere, credentials sent to another host or over plain http off loopback, a partial snapshot, anything
/// sent after a source failed, anyone disabled by an empty answer.
@Suite(.timeLimit(.minutes(3))) struct HRSourceCommandTests {
    /// Secrets with characters that percent-encoding and base64 change, so every form can be looked for.
    static let password = "Pw+/=q y%7!"
    static let apiKey = "Key+/=k9 z%"
    static let clientSecret = "Cs+/=s3 x%"
    static let hrArguments = [
        "--people-count", "12", "--page-size", "5", "--password", password, "--api-key", apiKey, "--client-secret",
        clientSecret,
    ]

    struct Preset: Sendable, CustomTestStringConvertible {
        let name: String
        /// The emulator's banner line of its URL, and of its token URL when the test gives one.
        let urlLine: String
        var tokenURLLine: String?
        var testDescription: String { name }
    }

    static let presets: [Preset] = [
        Preset(name: "workday", urlLine: "workday"),
        Preset(name: "bamboohr", urlLine: "bamboohr-report"),
        Preset(name: "successfactors", urlLine: "successfactors"),
        Preset(name: "personio", urlLine: "personio", tokenURLLine: "personio-auth-url"),
        Preset(name: "adp", urlLine: "adp", tokenURLLine: "adp-token-url"),
        Preset(name: "generic", urlLine: "generic", tokenURLLine: "token-url"),
    ]

    /// The preset's sample config (samples/hr/NAME.json) pointed at the emulator: its URL, its token URL, the secret
    /// files in the workspace (owner only), the sample mapping by absolute path.
    static func config(_ preset: Preset, _ hr: InProcessHREmulator, in workspace: Workspace) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: sample("hr/\(preset.name).json")))
        var config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var source = try #require(config["source"] as? [String: Any])
        let secrets = ["password-file": password, "api-key-file": apiKey, "client-secret-file": clientSecret]
        for (key, secret) in secrets where source[key] != nil {
            source[key] = try secretFile(secret, named: key, in: workspace)
        }
        for key in ["host", "company", "user", "client-id"] { source[key] = nil }
        source["url"] = hr[preset.urlLine]
        source["token-url"] = preset.tokenURLLine.map { hr[$0] }
        config["source"] = source
        config["mapping"] = sample(
            try #require(config["mapping"] as? String).replacingOccurrences(of: "samples/", with: ""))
        let url = workspace.url("\(preset.name)-config.json")
        try JSONSerialization.data(withJSONObject: config).write(to: url)
        return url.path
    }

    static func secretFile(_ secret: String, named name: String, in workspace: Workspace, mode: Int = 0o600) throws
        -> String
    {
        let url = workspace.url(name)
        try Data(secret.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url.path
    }

    /// The user and client id the emulator accepts, from the environment (not secrets).
    static func environment(_ hr: InProcessHREmulator, _ entra: InProcessEmulator) -> [String: String] {
        entra.environment.merging(
            ["PROVISION_SOURCE_USER": hr["user"], "PROVISION_SOURCE_CLIENT_ID": hr["client-id"]]) { _, new in new }
    }

    /// Every form a secret could leak in: plain, percent-encoded, base64 (alone and as basic auth's user:password).
    static func leaks(of secrets: [String], user: String, in texts: [String]) -> [String] {
        var forms: [String] = []
        for secret in secrets {
            forms.append(secret)
            forms.append(secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret)
            forms.append(secret.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? secret)
            forms.append(Data(secret.utf8).base64EncodedString())
            forms.append(Data("\(user):\(secret)".utf8).base64EncodedString())
            forms.append(Data("\(secret):x".utf8).base64EncodedString())
        }
        return forms.filter { form in texts.contains { $0.contains(form) } }
    }

    @Test(arguments: presets)
    func eachPresetSyncsFromItsSampleConfigWithoutShowingASecret(_ preset: Preset) async throws {
        let hr = try InProcessHREmulator(Self.hrArguments + ["--throttle-rate", "0.3", "--retry-after", "0"])
        let entra = try InProcessEmulator(["--rate", "40/1s"])
        let workspace = try Workspace("hr-sync")
        let config = try Self.config(preset, hr, in: workspace)
        let journal = workspace.url("run.journal").path
        let report = workspace.url("report.json").path
        let result = await InProcessCommand.run(
            [
                "upload", "--config", config, "--journal", journal, "--report", report, "--max-disable", "100%",
                "--verbose", "--ignore-unknown-attributes",
            ],
            environment: Self.environment(hr, entra))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try entra.stats()["uniqueRecords"] == 12)
        let snapshot = workspace.url("run.snapshot.ndjson").path
        #expect(try String(contentsOfFile: snapshot, encoding: .utf8).split(separator: "\n").count == 12)
        let mode = try FileManager.default.attributesOfItem(atPath: snapshot)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let shown = try readReport(URL(fileURLWithPath: report))["source"] as? String
        #expect(shown?.hasPrefix(hr[preset.urlLine].components(separatedBy: "?")[0]) == true, "\(shown ?? "")")
        let texts =
            [result.stdout, result.stderr]
            + (try [report, journal, snapshot].map { try String(contentsOfFile: $0, encoding: .utf8) })
        #expect(
            Self.leaks(of: [Self.password, Self.apiKey, Self.clientSecret], user: hr["user"], in: texts).isEmpty)
    }

    @Test func answersOf429AreRetriedWithTheOneRetryPolicy() async throws {
        let hr = try InProcessHREmulator(Self.hrArguments + ["--throttle-rate", "0.5", "--retry-after", "0"])
        let workspace = try Workspace("hr-sync")
        let result = await InProcessCommand.run(
            [
                "validate", "--config", try Self.config(Self.presets[5], hr, in: workspace), "--snapshot",
                workspace.url("people.ndjson").path, "--verbose",
            ], environment: ["PROVISION_SOURCE_CLIENT_ID": hr["client-id"]])
        #expect(result.status == 0, "\(result.stderr)")
        let stats = try hr.stats()
        #expect(stats["throttled"] ?? 0 >= 1 && stats["records"] == 12, "\(stats)")
        #expect(result.stderr.contains("429"), "\(result.stderr)")
    }

    @Test func aMalformedPageStopsBeforeAnythingIsSentAndKeepsNoSnapshot() async throws {
        let hr = try InProcessHREmulator(Self.hrArguments + ["--malformed-page", "2"])
        let entra = try InProcessEmulator()
        let workspace = try Workspace("hr-sync")
        let config = try Self.config(Self.presets[5], hr, in: workspace)
        // A secret in the query is shown as *** wherever the URL is.
        let url = hr["generic"] + "?access_token=QuerySecret42"
        let result = await InProcessCommand.run(
            [
                "upload", "--config", config, "--source", url, "--journal", workspace.url("run.journal").path,
                "--max-attempts", "1",
            ],
            environment: Self.environment(hr, entra))
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains(hr["generic"]), "\(result.stderr)")
        #expect(result.stderr.contains("records at data"), "\(result.stderr)")
        #expect(result.stderr.contains("access_token=***") && !result.stderr.contains("QuerySecret42"))
        #expect(!FileManager.default.fileExists(atPath: workspace.url("run.snapshot.ndjson").path))
        #expect(try entra.stats()["requests"] == 0 && entra.stats()["tokensIssued"] == 0)
    }

    @Test func aNextLinkToAnotherHostIsRefusedUnlessAllowed() async throws {
        // Basic auth: both emulators take the same password (a token of one would not be the other's).
        let basic = Self.hrArguments + ["--generic-auth", "basic"]
        let other = try InProcessHREmulator(basic)
        let hr = try InProcessHREmulator(basic + ["--next-link-host", other.hostAndPort])
        let entra = try InProcessEmulator()
        let workspace = try Workspace("hr-sync")
        let config = try Self.config(Self.presets[5], hr, in: workspace)
        let arguments = [
            "validate", "--config", config, "--snapshot", workspace.url("people.ndjson").path, "--source-auth", "basic",
            "--source-password-file", try Self.secretFile(Self.password, named: "password", in: workspace),
        ]
        let refused = await InProcessCommand.run(arguments, environment: Self.environment(hr, entra))
        #expect(refused.status == 78, "\(refused.stderr)")
        #expect(refused.stderr.contains(other.hostAndPort) && refused.stderr.contains("--allow-host"))
        #expect(try other.stats()["requests"] == 0)
        let allowed = await InProcessCommand.run(
            arguments + ["--allow-host", other.hostAndPort], environment: Self.environment(hr, entra))
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try other.stats()["requests"] ?? 0 >= 1)
    }

    @Test func plainHTTPOffLoopbackAndSecretsOutsideOwnerOnlyFilesAreRefused() async throws {
        let workspace = try Workspace("hr-sync")
        let secret = try Self.secretFile("s3cret", named: "token", in: workspace)
        let http = await InProcessCommand.run(
            ["validate", "--source", "http://hr.example.com/api/workers", "--source-token-file", secret])
        #expect(http.status == 78 && http.stderr.contains("https"), "\(http.stderr)")
        let open = try Self.secretFile("s3cret", named: "open-token", in: workspace, mode: 0o644)
        let readable = await InProcessCommand.run(
            ["validate", "--source", "https://hr.example.com/api/workers", "--source-token-file", open])
        #expect(readable.status == 78 && readable.stderr.contains(open), "\(readable.stderr)")
        #expect(!readable.stderr.contains("s3cret"))
        let flag = await InProcessCommand.run(
            ["validate", "--source", "https://hr.example.com/api/workers", "--source-token", "s3cret"])
        #expect(flag.status == 64)
        let config = try workspace.write(
            #"{"source": {"url": "https://hr.example.com/api/workers", "token": "s3cret"}}"#, to: "c.json")
        let inConfig = await InProcessCommand.run(["validate", "--config", config.path])
        #expect(inConfig.status == 78 && inConfig.stderr.contains("token-file"), "\(inConfig.stderr)")
        #expect(!inConfig.stderr.contains("s3cret"))
    }

    /// A setting of a config file's `source` block is named as the file writes it (`"source" › "password-file"`),
    /// not by the option it stands for (`"source-password-file"`, a key the file does not have).
    @Test func aSourceBlocksSettingIsNamedAsTheFileWritesIt() async throws {
        let workspace = try Workspace("hr-sync")
        let missing = workspace.url("no-such-password").path
        let config = try workspace.write(
            #"{"source": {"preset": "workday", "url": "https://hr.example.com/ccx/report", "user": "u", "#
                + #""password-file": "\#(missing)"}}"#, to: "c.json")
        let unreadable = await InProcessCommand.run(["validate", "--config", config.path])
        #expect(unreadable.status == 78, "\(unreadable.stderr)")
        #expect(unreadable.stderr.contains(#""source" › "password-file" in \#(config.path)"#), "\(unreadable.stderr)")
        #expect(!unreadable.stderr.contains("source-password-file"), "\(unreadable.stderr)")
        let badValue = try workspace.write(
            #"{"source": {"url": "https://hr.example.com/api", "page-size": "lots"}}"#, to: "bad.json")
        let refused = await InProcessCommand.run(["validate", "--config", badValue.path])
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(refused.stderr.contains(#""source" › "page-size" in \#(badValue.path)"#), "\(refused.stderr)")
    }

    @Test func anEmptySourceDisablesNobody() async throws {
        let hr = try InProcessHREmulator(Self.hrArguments)
        let entra = try InProcessEmulator(["--rate", "40/1s"])
        let workspace = try Workspace("hr-sync")
        let state = workspace.url("state.jsonl").path
        let first = await InProcessCommand.run(
            [
                "upload", "--config", try Self.config(Self.presets[5], hr, in: workspace), "--state", state,
                "--max-disable", "100%", "--journal", workspace.url("one.journal").path,
            ],
            environment: Self.environment(hr, entra))
        #expect(first.status == 0, "\(first.stderr)")
        let requests = try entra.stats()["requests"] ?? 0
        let empty = try InProcessHREmulator([
            "--people-count", "0", "--password", Self.password, "--client-secret", Self.clientSecret,
        ])
        let second = await InProcessCommand.run(
            [
                "upload", "--config", try Self.config(Self.presets[5], empty, in: workspace), "--state", state,
                "--missing", "disable", "--journal", workspace.url("two.journal").path,
            ],
            environment: Self.environment(empty, entra))
        #expect(second.status == 65, "\(second.stderr)")
        #expect(second.stderr.contains("empty") || second.stderr.contains("no records"), "\(second.stderr)")
        #expect(try entra.stats()["requests"] == requests)
    }

    @Test func sourceErrorsExitByTheOneMapping() async throws {
        let hr = try InProcessHREmulator(Self.hrArguments)
        let entra = try InProcessEmulator()
        let workspace = try Workspace("hr-sync")
        let config = try Self.config(Self.presets[0], hr, in: workspace)
        let snapshot = ["--snapshot", workspace.url("people.ndjson").path]
        let wrong = try Self.secretFile("wrong", named: "wrong-password", in: workspace)
        let refused = await InProcessCommand.run(
            ["validate", "--config", config, "--source-password-file", wrong] + snapshot,
            environment: Self.environment(hr, entra))
        #expect(refused.status == 77, "\(refused.stderr)")
        let missing = await InProcessCommand.run(
            ["validate", "--config", config, "--source", hr.base + "/no/such/report"] + snapshot,
            environment: Self.environment(hr, entra))
        #expect(missing.status == 78, "\(missing.stderr)")
        let down = try InProcessHREmulator(Self.hrArguments + ["--fail-rate", "1"])
        let unavailable = await InProcessCommand.run(
            ["validate", "--config", try Self.config(Self.presets[0], down, in: workspace), "--max-attempts", "1"]
                + snapshot, environment: Self.environment(down, entra))
        #expect(unavailable.status == 69, "\(unavailable.stderr)")
    }

    /// A file argument wins over a source named by the environment or a config file, and says so; a source option
    /// on the same command line as a file is a usage error.
    @Test func aFileArgumentWinsOverASourceFromTheEnvironmentOrConfigAndSaysSo() async throws {
        let workspace = try Workspace("hr-sync")
        let file = try workspace.write(#"[{"externalId": "E1", "userName": "a@x.com", "active": true}]"#, to: "p.json")
        let url = "https://hr.example.com/api/workers"
        let fromEnvironment = await InProcessCommand.run(
            ["validate", file.path], environment: ["PROVISION_SOURCE_URL": url])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        #expect(
            fromEnvironment.stderr.contains(
                "reading \(file.path); the source that PROVISION_SOURCE_URL names is not read (a file argument wins)"),
            "\(fromEnvironment.stderr)")
        let config = try workspace.write(#"{"source": {"url": "\#(url)", "preset": "generic"}}"#, to: "c.json")
        let fromConfig = await InProcessCommand.run(["validate", file.path, "--config", config.path])
        #expect(fromConfig.status == 0 && fromConfig.stderr.contains("is not read"), "\(fromConfig.stderr)")
        let quiet = await InProcessCommand.run(["validate", file.path, "--config", config.path, "--quiet"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
        for flags in [["--source", url], ["--source-user", "isu"], ["--source-paging", "offset"]] {
            let both = await InProcessCommand.run(["validate", file.path] + flags)
            #expect(both.status == 64, "\(flags): \(both.stderr)")
            #expect(both.stderr.contains("not both") && both.stderr.contains(flags[0]), "\(both.stderr)")
        }
    }
}
