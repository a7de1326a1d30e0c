import Foundation
import TestSupport
import Testing

/// JSON and NDJSON exports through the commands a CSV goes through: told apart by content or `--format`, records under
/// `--records-path`, mapped by dotted paths (in expressions too) with their JSON types, and named in problems by
/// position, externalId and JSON path.
@Suite(.timeLimit(.minutes(3))) struct JSONInputCommandTests {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    /// Three people as an HR API nests them; "00123" is a string, `level` a number, `active` a boolean.
    static let people: [String] = [
        #"{"id": "00123", "name": {"first": "Ann", "last": "Lee"}, "email": "ann@x.com", "job": {"title": "CEO"}, "#
            + #""phones": [{"number": "+1 425 0100"}], "active": true, "level": 42}"#,
        #"{"id": "00124", "name": {"first": "Bob", "last": "Ng"}, "email": "bob@x.com", "job": {"title": "Engineer"}, "#
            + #""phones": [], "active": false, "level": null, "manager": "00123"}"#,
        #"{"id": "00125", "name": {"first": "Cy", "last": "Ode"}, "email": "cy@x.com", "job": {"title": "Designer"}, "#
            + #""phones": [{"number": "+1 425 0102"}], "active": true, "level": 7, "manager": "00124"}"#,
    ]

    static let mapping = """
        {"attributes": {
          "externalId": "id",
          "userName": {"column": "email"},
          "name.givenName": "name.first",
          "name.familyName": "name.last",
          "displayName": {"expression": "Join(\\" \\", [name.first], [name.last])"},
          "title": "job.title",
          "phoneNumbers[type eq \\"work\\"].value": "phones.0.number",
          "active": "active",
          "\(enterprise):employeeNumber": "level",
          "\(enterprise):manager.value": "manager"
        }}
        """

    struct Files {
        let workspace: Workspace
        let mapping: String
        func path(_ name: String) -> String { workspace.url(name).path }
        func write(_ text: String, _ name: String) throws -> String { try workspace.write(text, to: name).path }
    }

    static func files() throws -> Files {
        let workspace = try Workspace()
        let mapping = try workspace.write(Self.mapping, to: "mapping.json").path
        return Files(workspace: workspace, mapping: mapping)
    }

    static var array: String { "[\n" + people.joined(separator: ",\n") + "\n]\n" }
    static var ndjson: String { people.joined(separator: "\n") + "\n" }
    static func wrapped(_ path: [String]) -> String {
        path.reversed().reduce("[" + people.joined(separator: ",") + "]") { inner, key in "{\"\(key)\": \(inner)}" }
    }

    /// The users of a dry run's BulkRequests (one JSON document a line on stdout), by externalId.
    static func users(_ stdout: String) throws -> [String: [String: Any]] {
        var users: [String: [String: Any]] = [:]
        for line in stdout.split(separator: "\n") {
            let request = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for operation in request["Operations"] as? [[String: Any]] ?? [] {
                let data = try #require(operation["data"] as? [String: Any])
                users[data["externalId"] as? String ?? ""] = data
            }
        }
        return users
    }

    @Test func arraysObjectsUnderARecordsPathAndNDJSONAreReadDetectedOrAsTold() async throws {
        let files = try Self.files()
        let inputs: [(String, [String])] = [
            (try files.write(Self.array, "array.json"), []),
            (try files.write(Self.wrapped(["Report_Entry"]), "workday.json"), ["--records-path", "Report_Entry"]),
            (try files.write(Self.wrapped(["d", "results"]), "odata.json"), ["--records-path", "d.results"]),
            (try files.write(Self.ndjson, "people.ndjson"), []),
            (try files.write(Self.ndjson, "people.txt"), ["--format", "ndjson"]),
        ]
        for (input, flags) in inputs {
            let result = await InProcessCommand.run(["validate", input, "--mapping", files.mapping] + flags)
            #expect(result.status == 0, "\(input): \(result.stderr)")
            // JSON has records, not rows: the summary counts them so.
            #expect(result.stdout.contains("3 records, 3 valid, 0 invalid"), "\(input): \(result.stdout)")
        }
        // An object without --records-path names the arrays it has, so the path can be read off the message.
        let unwrapped = await InProcessCommand.run(["validate", inputs[1].0, "--mapping", files.mapping])
        #expect(unwrapped.status == 65)
        #expect(unwrapped.stderr.contains("--records-path") && unwrapped.stderr.contains("Report_Entry"))
        // Told it is CSV, the JSON file is read as CSV: its first line is no header the mapping knows.
        let asCSV = await InProcessCommand.run(
            ["validate", inputs[0].0, "--mapping", files.mapping, "--format", "csv"])
        #expect(asCSV.status == 65 && asCSV.stderr.contains("header"), "\(asCSV.stderr)")
        // --records-path belongs to JSON; a CSV option to CSV.
        let csv = try files.write("externalId,userName\nE1,a@x.com\n", "users.csv")
        let plan = await InProcessCommand.run(["plan", inputs[0].0, "--mapping", files.mapping])
        #expect(plan.stdout.contains("array.json: 3 records, 3 valid"), "\(plan.stdout)")
        let rows = try files.write("externalId,userName,active\nE1,a@x.com,true\n", "rows.csv")
        let csvSummary = await InProcessCommand.run(["validate", rows])
        #expect(csvSummary.stdout.contains("rows.csv: 1 row, 1 valid"), "\(csvSummary.stdout) \(csvSummary.stderr)")
        let pathForCSV = await InProcessCommand.run(["validate", csv, "--records-path", "data"])
        #expect(pathForCSV.status == 64 && pathForCSV.stderr.contains("--records-path is for JSON records"))
        let delimiterForJSON = await InProcessCommand.run(
            ["validate", inputs[0].0, "--mapping", files.mapping, "--delimiter", ";"])
        #expect(delimiterForJSON.status == 64 && delimiterForJSON.stderr.contains("--delimiter is for CSV"))
    }

    @Test func dottedPathsMapInColumnsAndExpressionsAndValuesKeepTheirTypes() async throws {
        let files = try Self.files()
        let input = try files.write(Self.wrapped(["Report_Entry"]), "report.json")
        let result = await InProcessCommand.run(
            ["upload", input, "--records-path", "Report_Entry", "--mapping", files.mapping, "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        let users = try Self.users(result.stdout)
        let ann = try #require(users["00123"], "the string 00123 stays a string, leading zeros and all")
        #expect(ann["displayName"] as? String == "Ann Lee")
        #expect(ann["title"] as? String == "CEO")
        #expect((ann["phoneNumbers"] as? [[String: Any]])?.first?["value"] as? String == "+1 425 0100")
        #expect(ann["active"] as? Bool == true)
        // A JSON number goes to a string attribute as its text; the mapping converts, not the reader.
        #expect((ann[Self.enterprise] as? [String: Any])?["employeeNumber"] as? String == "42")
        let bob = try #require(users["00124"])
        #expect(bob["active"] as? Bool == false)
        // null and an empty array are no value: left out, as an empty cell is.
        #expect((bob[Self.enterprise] as? [String: Any])?["employeeNumber"] == nil)
        #expect(bob["phoneNumbers"] == nil)
        #expect(
            ((bob[Self.enterprise] as? [String: Any])?["manager"] as? [String: Any])?["value"] as? String == "00123")
    }

    @Test func mappingSuggestListsThePathsAndMappingTestTakesARecordsPosition() async throws {
        let files = try Self.files()
        let input = try files.write(Self.ndjson, "people.ndjson")
        let suggest = await InProcessCommand.run(["mapping", "suggest", input])
        #expect(suggest.status == 0, "\(suggest.stderr)")
        for path in ["\"job.title\"", "\"phones.0.number\"", "\"name.first\"", "\"manager\""] {
            #expect(suggest.stdout.contains(path), "\(path) in \(suggest.stdout)")
        }
        let test = await InProcessCommand.run(["mapping", "test", files.mapping, "--row", "2", input])
        #expect(test.status == 0, "\(test.stderr)")
        #expect(test.stdout.contains("Bob Ng") && test.stdout.contains("Engineer") && !test.stdout.contains("Ann"))
        let past = await InProcessCommand.run(["mapping", "test", files.mapping, "--row", "9", input])
        #expect(past.status == 64 && past.stderr.contains("record 9"), "\(past.stderr)")
    }

    @Test func problemsNameTheRecordItsExternalIdAndTheJSONPath() async throws {
        let files = try Self.files()
        var people = Self.people
        people[1] = people[1].replacingOccurrences(of: #""active": false"#, with: #""active": "maybe""#)
        let input = try files.write(#"{"Report_Entry": ["# + people.joined(separator: ",\n") + "]}", "report.json")
        let result = await InProcessCommand.run(
            ["validate", input, "--records-path", "Report_Entry", "--mapping", files.mapping])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.contains("\(input): record 2 ($.Report_Entry[1].active): error:"), "\(result.stderr)")
        #expect(result.stderr.contains("externalId \"00124\""))
        // A column no record has is the mapping's error, as a CSV's missing header is.
        let typo = try files.write(Self.mapping.replacingOccurrences(of: "job.title", with: "job.titel"), "typo.json")
        let missing = await InProcessCommand.run([
            "validate", input, "--records-path", "Report_Entry", "--mapping", typo,
        ])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("job.titel") && missing.stderr.contains("job.title"), "\(missing.stderr)")
    }

    @Test func aBrakeNamesPeopleByTheirRecord() async throws {
        let files = try Self.files()
        let people = Self.numbered(3).map { $0.replacingOccurrences(of: #""active": true"#, with: #""active": false"#) }
        let input = try files.write(people.joined(separator: "\n") + "\n", "people.ndjson")
        let result = await InProcessCommand.run(["plan", input, "--mapping", files.mapping])
        let text = result.stdout + result.stderr
        #expect(text.contains("(externalId J2, record 2): sent with active false"), "\(text)")
        #expect(!text.contains("line 2"))
    }

    /// Nobody has a phone (`phones` is `[]`) or a manager (null): the mapping's columns below them are no typo.
    static func numbered(_ count: Int) -> [String] {
        (1...count).map { number in
            #"{"id": "J\#(number)", "name": {"first": "P\#(number)", "last": "Q"}, "email": "p\#(number)@x.com", "#
                + #""job": {"title": "T"}, "phones": [], "active": true, "level": \#(number), "manager": null}"#
        }
    }

    @Test func uploadResumesAfterAStopAndASecondRunSendsOnlyChanges() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s"])
        let files = try Self.files()
        var people = Self.numbered(12)
        let input = try files.write(people.joined(separator: "\n") + "\n", "people.ndjson")
        let report = files.path("run.json")
        let base = ["upload", input, "--mapping", files.mapping, "--report", report, "--state", files.path("s.jsonl")]
        // Stopped after one request of two records, then resumed: the rest is sent once.
        let stopped = await InProcessCommand.run(
            base + ["--batch-size", "2", "--max-requests", "1"], environment: emulator.environment)
        #expect(stopped.status == 75, "\(stopped.stderr) \(stopped.stdout)")
        let resumed = await InProcessCommand.run(
            base + ["--batch-size", "2", "--resume"], environment: emulator.environment)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("people.ndjson: 12 records: 10 accepted"), "\(resumed.stdout)")
        #expect(try readReport(URL(fileURLWithPath: report))["accepted"] as? Int == 10)
        #expect(try emulator.stats()["uniqueRecords"] == 12)
        // A second run with one change sends only that change.
        people[4] = people[4].replacingOccurrences(of: #""title": "T""#, with: #""title": "Lead""#)
        try Data((people.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: input))
        let delta = await InProcessCommand.run(base, environment: emulator.environment)
        #expect(delta.status == 0, "\(delta.stderr)")
        let second = try readReport(URL(fileURLWithPath: report))
        #expect(second["accepted"] as? Int == 1 && second["unchanged"] as? Int == 11, "\(second)")
    }

    @Test func statusWritesTheFailedRecordsAsNDJSONExactlyAsRead() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s", "--record-failure-rate", "0.3", "--seed", "3"])
        let files = try Self.files()
        let people = Self.numbered(12)
        let input = try files.write(people.joined(separator: "\n") + "\n", "people.ndjson")
        let report = files.path("run.json")
        let upload = await InProcessCommand.run(
            ["upload", input, "--mapping", files.mapping, "--report", report], environment: emulator.environment)
        #expect(upload.status == 0, "\(upload.stderr)")
        let failed = files.path("failed.ndjson")
        let status = await InProcessCommand.run(
            ["status", "--report", report, "--failed", failed, "--json"], environment: emulator.environment)
        #expect(status.status == 1, "\(status.stderr)")
        let failures = (status.json?["failures"] as? [[String: Any]]) ?? []
        #expect(!failures.isEmpty)
        let lines = try String(contentsOfFile: failed, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == failures.count)
        let ids = Set(failures.compactMap { $0["externalId"] as? String })
        #expect(Set(lines.compactMap { Self.id(ofRecord: $0) }) == ids, "\(lines) \(ids)")
        #expect(lines.allSatisfy { line in people.contains { Self.compact($0) == line } }, "\(lines)")
        // The failed file is an export of its own.
        let again = await InProcessCommand.run(
            ["upload", failed, "--mapping", files.mapping, "--dry-run"], environment: emulator.environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.users(again.stdout).count == failures.count)
    }

    static func id(ofRecord line: String) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
    }

    /// A record as the snapshot and `--failed` write it: compact JSON.
    static func compact(_ text: String) -> String {
        var out = ""
        var inString = false
        var escaped = false
        for character in text {
            if inString {
                out.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
            } else if character == "\"" {
                inString = true
                out.append(character)
            } else if !character.isWhitespace {
                out.append(character)
            }
        }
        return out
    }
}
