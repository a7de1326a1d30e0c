import Foundation
import TestSupport
import Testing

/// `provision schema show | diff | apply` and the schema pre-flight of `check` and `upload`, through the commands
/// against the emulator, whose default schema is a new API-driven job's: it lacks the sample mapping's
/// custom attributes (contoso HireDate and JobCode) and the mobile phone number.
@Suite(.timeLimit(.minutes(3))) struct SchemaTests {
    static let mapping = ["--mapping", sample("workday-mapping.json")]
    static let hireDate = "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate"
    static let jobCode = "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:JobCode"

    func run(_ arguments: [String], _ emulator: InProcessEmulator) async throws -> InProcessCommand.Result {
        await InProcessCommand.run(arguments, environment: emulator.environment)
    }

    @Test func showListsEachAttributeAndWhereItFlows() async throws {
        let emulator = try InProcessEmulator()
        let text = try await run(["schema", "show"], emulator)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("externalId (String) → employeeId"), "\(text.stdout)")
        #expect(text.stdout.contains("active (Boolean) → accountEnabled"))
        #expect(text.stdout.contains("nickName (String) flows nowhere"))
        let json = try await run(["schema", "show", "--json"], emulator)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let attributes = try #require(object["attributes"] as? [[String: Any]])
        let mail = attributes.first { $0["name"] as? String == #"emails[type eq "work"].value"# }
        #expect(mail?["targets"] as? [String] == ["mail"] && mail?["multivalued"] as? Bool == false)
    }

    @Test func diffNamesWhatTheMappingSendsThatTheSchemaLacks() async throws {
        let emulator = try InProcessEmulator()
        let result = try await run(["schema", "diff"] + Self.mapping, emulator)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stdout.contains("3 attributes the mapping sends are not in the job's schema"), "\(result.stdout)")
        #expect(result.stdout.contains("\(Self.hireDate) (DateTime)"))
        #expect(result.stdout.contains("\(Self.jobCode) (String)"))
        #expect(result.stdout.contains(#"phoneNumbers[type eq "mobile"].value (String)"#))
        #expect(!result.stdout.contains("employeeNumber (String)\n  urn:ietf:params:scim:schemas:extension:enterprise"))
        // A CSV whose headers are all in the default schema: nothing is missing.
        let users = try await run(["schema", "diff", sample("users.csv"), "--json"], emulator)
        #expect(users.status == 0, "\(users.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(users.stdout.utf8)) as? [String: Any])
        #expect((json["missing"] as? [Any])?.isEmpty == true)
        #expect((json["flowingNowhere"] as? [[String: Any]])?.contains { $0["name"] as? String == "nickName" } == true)
        // Neither a mapping nor a file: usage.
        #expect(try await run(["schema", "diff"], emulator).status == 64)
    }

    @Test func applyWithoutYesChangesNothingAndWithYesAddsTheAttributes() async throws {
        let emulator = try InProcessEmulator()
        let dry = try await run(["schema", "apply"] + Self.mapping, emulator)
        #expect(dry.status == 1, "\(dry.stderr)")
        #expect(dry.stdout.contains("nothing was changed; run again with --yes"), "\(dry.stdout)")
        #expect(try await run(["schema", "diff"] + Self.mapping, emulator).status == 1, "apply without --yes wrote")

        let applied = try await run(["schema", "apply", "--yes"] + Self.mapping, emulator)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("added 3 attributes to the job's schema"), "\(applied.stdout)")
        let after = try await run(["schema", "diff", "--json"] + Self.mapping, emulator)
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])
        #expect((json["missing"] as? [Any])?.isEmpty == true)
        // The added attributes flow nowhere yet, and the default mappings are still there.
        let shown = try await run(["schema", "show"], emulator).stdout
        #expect(shown.contains("\(Self.hireDate) (DateTime) flows nowhere"), "\(shown)")
        #expect(shown.contains("externalId (String) → employeeId"))
        // Applying again adds nothing.
        let again = try await run(["schema", "apply", "--yes"] + Self.mapping, emulator)
        #expect(again.status == 0 && !again.stdout.contains("added"), "\(again.stdout)")
    }

    @Test func applyWithoutTheWritePermissionNamesIt() async throws {
        let emulator = try InProcessEmulator(["--roles", "SynchronizationData-User.Upload,Synchronization.Read.All"])
        let result = try await run(["schema", "apply", "--yes"] + Self.mapping, emulator)
        #expect(result.status == 77, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("Synchronization.ReadWrite.All"), "\(result.stderr)")
    }

    @Test func uploadRefusesAttributesTheSchemaLacksBeforeSendingAnything() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let input = try workspace.write(
            "externalId,userName,active,\(Self.hireDate)\nE1,e1@contoso.com,true,2020-01-01\n", to: "users.csv")
        let refused = try await run(["upload", input.path], emulator)
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("\(Self.hireDate) (String)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("run `provision schema apply \(input.path) --yes`"), "\(refused.stderr)")
        #expect(try emulator.stats()["requests"] == 0)

        let sent = try await run(["upload", input.path, "--ignore-unknown-attributes"], emulator)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stderr.contains("not in the job's schema and will be dropped"), "\(sent.stderr)")
        #expect(try emulator.stats()["requests"] == 1)
        // Once the schema has it, the upload goes through without a word about it.
        #expect(try await run(["schema", "apply", "--yes", input.path], emulator).status == 0)
        let after = try await run(["upload", input.path], emulator)
        #expect(after.status == 0 && !after.stderr.contains("schema"), "\(after.stderr)")
    }

    @Test func uploadWarnsOnceWhenTheSchemaCannotBeReadAndGoesOn() async throws {
        let emulator = try InProcessEmulator(["--roles", "SynchronizationData-User.Upload"])
        let workspace = try Workspace()
        let input = try workspace.write(
            "externalId,userName,active,\(Self.hireDate)\nE1,e1@contoso.com,true,2020-01-01\n", to: "users.csv")
        let result = try await run(["upload", input.path], emulator)
        #expect(result.status == 0, "\(result.stderr)")
        let warnings = result.stderr.components(separatedBy: "the job's schema could not be read").count - 1
        #expect(warnings == 1, "\(result.stderr)")
        #expect(result.stderr.contains("Synchronization.Read.All"))
        #expect(result.stderr.contains("attributes are not checked"))
        // A dry run never reads it.
        let dry = try await run(["upload", input.path, "--dry-run", "--out", workspace.url("out").path], emulator)
        #expect(dry.status == 0 && !dry.stderr.contains("schema"), "\(dry.stderr)")
    }

    /// The words of the `provision schema apply …` command a message tells the user to run.
    func applyCommand(in text: String) throws -> [String] {
        let start = try #require(text.range(of: "`provision schema apply "), "no command in: \(text)")
        let command = text[start.upperBound...].prefix { $0 != "`" }
        // A single-quoted word (the delimiter ';') as the shell would pass it.
        let words = command.split(separator: " ").map { word in
            word.count > 1 && word.hasPrefix("'") && word.hasSuffix("'")
                ? String(word.dropFirst().dropLast()) : String(word)
        }
        return ["schema", "apply"] + words
    }

    @Test func checkReportsTheMissingAttributesAsAFinding() async throws {
        let emulator = try InProcessEmulator()
        let result = try await run(["check"] + Self.mapping, emulator)
        #expect(result.status == 65, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.contains(
                "error: schema: 3 attributes in your mapping are not in the job's schema; run `provision schema apply "
                    + "--mapping \(sample("workday-mapping.json")) --yes`"),
            "\(result.stdout)")
        let ignored = try await run(["check", "--ignore-unknown-attributes"] + Self.mapping, emulator)
        #expect(ignored.status == 0 && ignored.stdout.contains("warning: schema: 3 attributes"), "\(ignored.stdout)")
        let plain = try await run(["check"], emulator)
        #expect(plain.status == 0 && plain.stdout.contains("ok: schema: readable"), "\(plain.stdout)")
    }

    /// `check` and `upload` name the command that adds what is missing exactly as it runs: with the config file the
    /// settings came from, and `--yes`; run as printed, it does.
    @Test func theSchemaApplyCommandTheyPrintRunsAsPrinted() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let config = try workspace.write(
            #"{"endpoint": "\#(emulator.endpoint)", "authority-host": "\#(emulator.authority)"}"#, to: "p.json")
        var environment = emulator.environment
        environment["PROVISION_ENDPOINT"] = nil
        environment["AZURE_AUTHORITY_HOST"] = nil
        let check = await InProcessCommand.run(
            ["check", "--config", config.path] + Self.mapping, environment: environment)
        #expect(check.status == 65, "\(check.stdout)\(check.stderr)")
        let command = try applyCommand(in: check.stdout)
        #expect(
            command.joined(separator: " ")
                == "schema apply --mapping \(sample("workday-mapping.json")) --config \(config.path) --yes",
            "\(command)")
        let input = try workspace.write(
            "externalId;userName;active;\(Self.jobCode)\nE1;e1@contoso.com;true;J1\n", to: "semi.csv")
        let upload = await InProcessCommand.run(
            ["upload", input.path, "--delimiter", ";", "--config", config.path], environment: environment)
        #expect(upload.status == 65, "\(upload.stderr)")
        let uploadCommand = try applyCommand(in: upload.stderr)
        #expect(
            upload.stderr.contains(
                "`provision schema apply \(input.path) --delimiter ';' --config \(config.path) --yes`"),
            "\(upload.stderr)")
        let applied = await InProcessCommand.run(command, environment: environment)
        #expect(
            applied.status == 0 && applied.stdout.contains("added 3 attributes"), "\(applied.stdout)\(applied.stderr)")
        let again = await InProcessCommand.run(uploadCommand, environment: environment)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(try await run(["check"] + Self.mapping, emulator).status == 0)
    }

    @Test func lengthLimitsFollowTheJobsOwnMappings() async throws {
        let emulator = try InProcessEmulator()
        // This job sends title to department (64 characters), not to jobTitle (128) as the default mappings do.
        let schemaURL = URL(string: emulator.endpoint.replacingOccurrences(of: "/bulkUpload", with: "/schema"))!
        let token = try await SecretsTests.preIssuedToken(emulator)
        let authorization = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        let (status, body) = try await LoopbackHTTP.send("GET", schemaURL, headers: authorization)
        try #require(status == 200)
        let document = Self.retarget(try JSONSerialization.jsonObject(with: body), from: "jobTitle", to: "department")
        let put = try await LoopbackHTTP.send(
            "PUT", schemaURL, headers: authorization, body: try JSONSerialization.data(withJSONObject: document))
        try #require(put.status == 204, "\(String(decoding: put.body, as: UTF8.self))")

        let workspace = try Workspace()
        let title = String(repeating: "t", count: 100)
        let input = try workspace.write(
            "externalId,userName,active,title\nE1,e1@contoso.com,true,Engineer\nE2,e2@contoso.com,true,\(title)\n",
            to: "users.csv")
        let report = workspace.url("report.json")
        let result = try await run(["upload", input.path, "--report", report.path], emulator)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("checked again"), "\(result.stderr)")
        #expect(result.stderr.contains(":3: error: department takes at most 64 characters"), "\(result.stderr)")
        #expect(try readReport(report)["invalid"] as? Int == 1)
        // validate knows only the default mappings: 100 characters fit jobTitle.
        #expect(try await run(["validate", input.path], emulator).status == 0)
    }

    /// Every attribute mapping writing `from` writes `to` instead.
    static func retarget(_ value: Any, from: String, to: String) -> Any {
        if var object = value as? [String: Any] {
            for (key, member) in object { object[key] = retarget(member, from: from, to: to) }
            if object["targetAttributeName"] as? String == from { object["targetAttributeName"] = to }
            return object
        }
        if let array = value as? [Any] { return array.map { retarget($0, from: from, to: to) } }
        return value
    }
}
