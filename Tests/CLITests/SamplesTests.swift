import Foundation
import TestSupport
import Testing

@testable import HREmulator

/// Keeps `samples/` and `docs/operations.md` honest: the config sample is accepted, the workflow is YAML, every
/// `provision` option they use exists, the systemd units verify, and the cron line works night after night against
/// the emulator.
@Suite(.serialized, .timeLimit(.minutes(3))) struct SamplesTests {
    static let configSample = sample("provision.json")
    static let cronSample = URL(fileURLWithPath: sample("cron/provision.cron"))
    static let filesWithCommands = [
        "samples/cron/provision.cron", "samples/systemd/provision.service", "samples/github-actions/smoke-test.yml",
        "docs/operations.md", "README.md", "docs/directory.md",
    ]

    @Test func configSampleIsAcceptedByConfigShow() async throws {
        // Only the secret comes from outside: every other setting must come from the sample and be valid.
        let result = await InProcessCommand.run(
            ["config", "show", "--config", Self.configSample], environment: ["AZURE_CLIENT_SECRET": "x"])
        #expect(result.status == 0, "\(result.stderr)")
        for key in ["endpoint", "tenant-id", "client-id"] {
            #expect(
                result.stdout.contains("(config \(Self.configSample))") && result.stdout.contains(key),
                "\(key) not read from the sample:\n\(result.stdout)")
        }
        #expect(result.stdout.contains("endpoint ok: v1.0"))
    }

    @Test func configSampleWithoutSecretsFailsOnlyForTheMissingCredential() async throws {
        let result = await InProcessCommand.run(["config", "show", "--config", Self.configSample])
        #expect(result.status == 78)
        #expect(result.stderr.contains("not configured: a credential"), "\(result.stderr)")
        #expect(!result.stderr.contains("--config"), "the sample itself was refused: \(result.stderr)")
    }

    /// `check`, `upload` and `status` read the same config file; none may refuse a key in the sample.
    @Test(arguments: [["config", "show"], ["check"], ["upload", sample("users.csv"), "--quiet"]])
    func configSampleWorksAgainstTheEmulator(command: [String]) async throws {
        let emulator = try InProcessEmulator()
        let result = await InProcessCommand.run(
            command + ["--config", Self.configSample], environment: emulator.environment)
        #expect(result.status == 0, "\(command.joined(separator: " ")): \(result.stderr)")
    }

    /// `make demo-hr` reads the HR emulator's Workday report with this mapping: every column it names is one the
    /// report has, and every generated person maps without a problem (checked here through the same columns as CSV).
    @Test func theHRDemoMappingReadsTheHREmulatorsWorkdayReport() async throws {
        let columns = [
            "Worker_ID", "Legal_First_Name", "Legal_Last_Name", "Preferred_Name", "Business_Title", "Worker_Type",
            "Worker_Status", "Work_Email", "Work_Phone", "Mobile_Phone", "Supervisory_Org", "Cost_Center",
            "Manager_Worker_ID", "Hire_Date", "Termination_Date", "Location_City", "Country_ISO", "Job_Code",
        ]
        let entries = PeopleGenerator.generate(count: 200, seed: 1).map(WorkdayPreset.entry)
        #expect(Set(entries.flatMap { $0.members?.map(\.key) ?? [] }) == Set(columns))
        func field(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let rows = entries.map { entry in columns.map { field(entry[$0]?.stringValue ?? "") }.joined(separator: ",") }
        let workspace = try Workspace()
        let csv = workspace.directory.appendingPathComponent("workday.csv")
        try Data(([columns.joined(separator: ",")] + rows).joined(separator: "\n").utf8).write(to: csv)
        let result = await InProcessCommand.run(
            ["validate", csv.path, "--mapping", sample("hr/workday-report-mapping.json")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("200 rows, 200 valid, 0 invalid, 0 warnings"), "\(result.stdout)")
    }

    @Test func statusAcceptsTheConfigSample() async throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let missing = dir.appendingPathComponent("none.json").path
        let result = await InProcessCommand.run(
            ["status", "--report", missing, "--config", Self.configSample], environment: ["AZURE_CLIENT_SECRET": "x"])
        #expect(result.status != 0)
        #expect(!result.stderr.contains("--config"), "status refused the config sample: \(result.stderr)")
    }

    /// The GITHUB_TOKEN permissions each action the workflow uses needs (upload-artifact uses the runner's own token).
    static let permissionsOfActions: [String: [String: String]] = [
        "actions/checkout": ["contents": "read"],
        "dorny/test-reporter": ["checks": "write"],
        "actions/upload-artifact": [:],
    ]

    /// docs/operations.md says what a config file may hold, and `check` and `status` do just that: other commands'
    /// options pass, a key that is nobody's option is exit 78 with the closest name.
    @Test func theConfigFileRuleInTheDocsIsWhatCheckAndStatusDo() async throws {
        let docs = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/operations.md"), encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        #expect(!docs.contains("refuse keys that are not their options"))
        #expect(docs.contains("passes over the keys of other commands' options"))
        #expect(docs.contains("a typo such as `rat`, stops every command with exit 78"))
        let workspace = try Workspace()
        let shared = try workspace.write(
            #"{"rate": "40/5s", "state": "s.jsonl", "batch-size": 10, "dry-run": true}"#,
            to: "shared.json")
        let typo = try workspace.write(#"{"rat": "40/5s"}"#, to: "typo.json")
        let missing = workspace.url("none.json").path
        for command in [["check"], ["status", "--report", missing]] {
            let passed = await InProcessCommand.run(command + ["--config", shared.path])
            #expect(
                !passed.stderr.contains("is not an option") && !passed.stderr.contains("--config \(shared.path)"),
                "\(command[0]) refused another command's key: \(passed.stderr)")
            let refused = await InProcessCommand.run(command + ["--config", typo.path])
            #expect(refused.status == 78, "\(command[0]): \(refused.stderr)")
            #expect(refused.stderr.contains(#""rat" is not an option of any command; did you mean "rate"?"#))
        }
    }

    @Test func githubWorkflowIsValidYAMLWithTheSmokeTestSteps() async throws {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let python else {
            Issue.record(
                "python3 is needed to check samples/github-actions/smoke-test.yml: apt-get install python3-yaml")
            return
        }
        // YAML 1.1 reads the key `on` as true; default=str keeps it printable.
        let script = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1])), default=str))"
        let path = sample("github-actions/smoke-test.yml")
        let result = try await BinaryRunner.run(["-c", script, path], executable: URL(fileURLWithPath: python))
        try #require(
            result.status == 0, "not valid YAML (or PyYAML missing: apt-get install -y python3-yaml): \(result.stderr)")
        let workflow = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let jobs = try #require(workflow["jobs"] as? [String: [String: Any]])
        let steps = try #require(jobs.values.first?["steps"] as? [[String: Any]])
        // A permissions block grants nothing it does not list: each step's needs must be there.
        let permissions = try #require(workflow["permissions"] as? [String: String])
        var needed = ["id-token": "write"]  // the OIDC token request below
        for action in steps.compactMap({ $0["uses"] as? String }) {
            let name = String(action.prefix { $0 != "@" })
            let needs = try #require(Self.permissionsOfActions[name], "\(action): which permissions does it need?")
            needed.merge(needs) { a, b in a == "write" || b == "write" ? "write" : "read" }
        }
        for (scope, level) in needed {
            #expect(
                permissions[scope] == level || permissions[scope] == "write",
                "the workflow's permissions lack \(scope): \(level)")
        }
        let scripts = steps.compactMap { $0["run"] as? String }.joined(separator: "\n")
        #expect(scripts.contains("$ACTIONS_ID_TOKEN_REQUEST_URL&audience=api://AzureADTokenExchange"))
        #expect(scripts.contains("Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN"))
        #expect(scripts.contains("AZURE_FEDERATED_TOKEN_FILE="))
        #expect(scripts.contains("provision check"))
        #expect(
            scripts.contains("provision upload samples/github-actions/smoke-users.csv --strict --report report.json"))
        #expect(scripts.contains("--summary-md"), "the job page shows the Markdown report")
        #expect(scripts.contains("provision status --report report.json --wait"))
        #expect(scripts.contains("--junit junit.xml"))
        let reporter = steps.first { ($0["uses"] as? String)?.hasPrefix("dorny/test-reporter@") == true }
        #expect(reporter?["if"] as? String == "always()")
        #expect((reporter?["with"] as? [String: Any])?["path"] as? String == "junit.xml")
        let artifact = steps.first { ($0["uses"] as? String)?.hasPrefix("actions/upload-artifact@") == true }
        #expect(artifact?["if"] as? String == "always()")
        let kept = (artifact?["with"] as? [String: Any])?["path"] as? String ?? ""
        #expect(kept.contains("report.json") && kept.contains("junit.xml"), "\(kept)")
        // The smoke file it uploads exists and is valid.
        let validate = await InProcessCommand.run(
            ["validate", sample("github-actions/smoke-users.csv")])
        #expect(validate.status == 0, "\(validate.stderr)")
    }

    @Test(arguments: filesWithCommands)
    func everyProvisionOptionUsedExists(file: String) async throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent(file), encoding: .utf8)
        let uses = SampleCommands.optionsUsed(in: text)
        #expect(!uses.isEmpty || file == "README.md", "no provision command found in \(file)")
        var known: [String: Set<String>] = [:]
        for (command, option) in uses {
            if known[command] == nil { known[command] = try await SampleCommands.options(of: command) }
            #expect(
                known[command]?.contains(option) == true, "\(file): 'provision \(command)' has no option --\(option)")
        }
    }

    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"), "needs systemd-analyze"))
    func systemdUnitsVerify() async throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        // verify insists that ExecStart's binary exists: point it at the built one.
        let service = try String(
            contentsOf: URL(fileURLWithPath: sample("systemd/provision.service")), encoding: .utf8)
        try service.replacingOccurrences(of: "/usr/local/bin/provision", with: BinaryRunner.provision.path)
            .write(to: dir.appendingPathComponent("provision.service"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: sample("systemd/provision.timer")),
            to: dir.appendingPathComponent("provision.timer"))
        let result = try await BinaryRunner.run(
            [
                "verify", dir.appendingPathComponent("provision.service").path,
                dir.appendingPathComponent("provision.timer").path,
            ],
            executable: URL(fileURLWithPath: "/usr/bin/systemd-analyze"))
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        #expect(
            service.contains("--resume") && service.contains("Type=oneshot")
                && service.contains("StateDirectory=provision"))
    }

    /// A duration figure for N people is N/50 requests, and beside it the daily quota those requests use up.
    @Test func theSystemdUnitsDurationFigureStatesTheQuotaItUses() throws {
        let unit = try String(
            contentsOf: URL(fileURLWithPath: sample("systemd/provision.service")), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"([0-9][0-9,]*) people"#)
        let match = try #require(pattern.firstMatch(in: unit, range: NSRange(unit.startIndex..., in: unit)))
        let people = try #require(
            Int(unit[Range(match.range(at: 1), in: unit)!].replacingOccurrences(of: ",", with: "")))
        let comment = unit[Range(match.range, in: unit)!.lowerBound...].prefix(400)
        let requests = (people + 49) / 50
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US")
        let figure = try #require(formatter.string(from: NSNumber(value: requests)))
        #expect(comment.contains("\(figure) requests"), "\(people) people are \(figure) requests: \(comment)")
        #expect(comment.contains("6,000 requests per 24 h") && comment.contains("2,000"), "\(comment)")
    }

    @Test func cronLineUploadsTheFirstNight() async throws {
        let emulator = try InProcessEmulator()
        let night = try CronNight(emulator: emulator)
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: sample("users.csv")), to: night.export)
        let log = try await night.run()
        #expect(log.hasSuffix("provision: exit status 0\n"), "\(log)")
        let report = try readReport(night.state.appendingPathComponent("last-run.json"))
        #expect(report["accepted"] as? Int == 10)
        #expect(FileManager.default.fileExists(atPath: night.state.appendingPathComponent("state.jsonl").path))
        #expect(try emulator.stats()["uniqueRecords"] == 10)
    }

    /// Whatever fails, the alert line reaches syslog: here the secrets file is root's, so the account cannot read
    /// it, and sh's `.` fails.
    @Test func cronLineAlertsWhenTheSecretsFileCannotBeRead() async throws {
        let emulator = try InProcessEmulator()
        let night = try CronNight(emulator: emulator)
        try writeUsers(3, to: night.export)
        if CronNight.dropsPrivileges {
            #expect(chown(night.secrets.path, 0, 0) == 0)
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: night.secrets.path)
        }
        let log = try await night.run()
        #expect(log.hasSuffix("provision: exit status 2\n"), "\(log)")
        #expect(log.contains("secrets.env"), "sh's reason names the file: \(log)")
        #expect(try emulator.stats()["requests"] == 0)
        // The same night with the file as the sample installs it goes through.
        try CronNight.own(night.secrets)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: night.secrets.path)
        #expect(try await night.run().hasSuffix("provision: exit status 0\n"))
    }

    @Test func cronLineUploadsWithTheCertificateVariantOfTheSecretsFile() async throws {
        let emulator = try InProcessEmulator(["--client-certificate", CertificateFixtures.url("leaf.pem").path])
        let night = try CronNight(emulator: emulator, certificate: "pkcs8.pem")
        let users = URL(fileURLWithPath: sample("users.csv"))
        try FileManager.default.copyItem(at: users, to: night.export)
        let log = try await night.run()
        #expect(log.hasSuffix("provision: exit status 0\n"), "\(log)")
        #expect(try readReport(night.state.appendingPathComponent("last-run.json"))["accepted"] as? Int == 10)
        #expect(try emulator.stats()["tokensIssued"] == 1)
    }

    @Test func cronLineIsRepeatableOnTheNextNight() async throws {
        let emulator = try InProcessEmulator()
        let night = try CronNight(emulator: emulator)
        try writeUsers(20, to: night.export)
        #expect(try await night.run().hasSuffix("exit status 0\n"))
        try writeUsers(20, to: night.export, changed: [3])
        // --resume after a clean night is an ordinary delta run: only the changed record goes out.
        let log = try await night.run()
        #expect(log.hasSuffix("exit status 0\n"), "\(log)")
        #expect(try emulator.stats()["recordsReceived"] == 21)
    }

    @Test func cronLineCatchesUpAfterAStoppedNight() async throws {
        let emulator = try InProcessEmulator()
        let night = try CronNight(emulator: emulator)
        try writeUsers(120, to: night.export)
        // The first night stops after one request of three, as a quota stop or a SIGTERM would.
        #expect(try await night.run(extra: "--max-requests 1").hasSuffix("exit status 75\n"))
        // The next night resumes by externalId: everyone the stopped night missed is sent, nobody twice.
        let log = try await night.run()
        #expect(log.hasSuffix("exit status 0\n"), "\(log)")
        #expect(try emulator.stats()["uniqueRecords"] == 120)
        #expect(try emulator.stats()["duplicateRecords"] == 0)
    }
}
