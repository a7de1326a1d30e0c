import Foundation
import TestSupport
import Testing

/// End to end in process: `provision` commands on real files, checking stdout, stderr, files written and exit status.
@Suite struct OfflineCommandTests {
    func write(_ text: String, name: String = "input.csv", in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func validateSampleIsClean() async throws {
        let result = await InProcessCommand.run(["validate", sample("users.csv")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("10 rows, 10 valid, 0 invalid"))
    }

    @Test func validateMappedWorkdaySample() async throws {
        let result = await InProcessCommand.run(
            ["validate", sample("workday-export.csv"), "--mapping", sample("workday-mapping.json")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("5 rows, 5 valid, 0 invalid"))
        // The mobile number is not a "work" entry: Entra ignores it, and the tool says so.
        #expect(result.stderr.contains("processes only \"work\" entries"))
    }

    @Test func rowErrorsExitOneAndNameFileLineAndColumn() async throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let path = try write(
            "externalId,userName,active\n1,a@x.com,true\n1,b@x.com,true\n3,c@x.com,perhaps\n4,d@x.com\n", in: dir)
        let result = await InProcessCommand.run([
            "validate", path, "--report", dir.appendingPathComponent("r.json").path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("input.csv:3: error: externalId \"1\" is already used on line 2"))
        #expect(result.stderr.contains("input.csv:4: error: \"perhaps\" is not a boolean"))
        #expect(result.stderr.contains("column active"))
        #expect(result.stderr.contains("input.csv:5: error: the row has 2 fields but the header has 3"))
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r.json")))
            as! [String: Any]
        #expect(report["rows"] as? Int == 4)
        #expect(report["invalid"] as? Int == 3)
        #expect(report["exitStatus"] as? Int == 1)
        #expect((report["problems"] as? [[String: Any]])?.count == 3)
    }

    @Test func dryRunWritesOneValidDocumentPerLine() async throws {
        let result = await InProcessCommand.run(
            ["upload", sample("users.csv"), "--dry-run", "--batch-size", "4"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect((object?["Operations"] as? [Any])?.isEmpty == false)
        }
        #expect(result.stderr.contains("wrote 10 records in 3 requests"))
    }

    @Test func dryRunToDirectoryAndReportIdentity() async throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let out = dir.appendingPathComponent("out").path
        let report = dir.appendingPathComponent("report.json").path
        let result = await InProcessCommand.run(
            ["upload", sample("users.csv"), "--dry-run", "--out", out, "--report", report])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["batch-00001.json"])
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
        for key in [
            "version", "command", "input", "startedAt", "finishedAt", "durationSeconds", "rows", "valid", "invalid",
            "written", "warnings", "problems", "batches", "exitStatus",
        ] {
            #expect(json[key] != nil, "report lacks \(key)")
        }
        #expect(json["rows"] as? Int == (json["invalid"] as? Int ?? -1) + (json["written"] as? Int ?? -1))
        let batch = (json["batches"] as? [[String: Any]])?.first
        #expect(batch?["index"] as? Int == 1)
        #expect(batch?["records"] as? Int == 10)
        #expect(batch?["firstLine"] as? Int == 2)
    }

    @Test(arguments: [
        ("", "is empty", Int32(65)),
        ("externalId,userName,active\n\"1,a@x.com,true\n2,b@x.com,true\n", "opened on this line", 65),
        ("externalId,,userName\n", "empty", 65),
        ("externalId,userName,userName\n", "userName", 65),
        ("externalId,userName,active\n", "0 rows", 0),
        ("externalId,emails.value\n1,a@x.com\n", "emails[type eq \"work\"].value", 65),
        ("externalId,userName,Department\n1,a@x.com,HR\n", "provision mapping suggest", 65),
    ])
    func fileLevelProblems(content: String, fragment: String, status: Int32) async throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let path = try write(content, in: dir)
        let result = await InProcessCommand.run(["validate", path])
        #expect(result.status == status, "\(result.stderr)")
        #expect((result.stderr + result.stdout).contains(fragment), "\(result.stderr)")
    }

    /// A semicolon or tab export read with the default comma: one error naming the file, line 1 and the delimiter to
    /// try, not a "did you mean" per column, in header mode and with a mapping alike.
    @Test(arguments: [(";", "';' — try --delimiter ';'"), ("\t", "tabs — try --delimiter tab")])
    func anExportWithAnotherDelimiterGetsOneHint(delimiter: String, hint: String) async throws {
        let workspace = try Workspace()
        let columns = ["WorkerID", "Email", "Status"]
        let path = try write(
            columns.joined(separator: delimiter) + "\n" + ["1", "a@x.com", "Active"].joined(separator: delimiter)
                + "\n", in: workspace.directory)
        let mapping = try write(
            #"{"attributes": {"externalId": "WorkerID", "userName": "Email", "active": {"column": "Status", "#
                + #""lookup": {"Active": true}, "default": false}}}"#, name: "m.json", in: workspace.directory)
        for extra in [[], ["--mapping", mapping]] {
            let result = await InProcessCommand.run(["validate", path] + extra)
            #expect(result.status == 65, "\(result.stderr)")
            #expect(
                result.stderr == "provision: error: \(path):1: the header has one column containing \(hint)\n",
                "\(result.stderr)")
            let delimiterName = delimiter == "\t" ? "tab" : delimiter
            let fixed = await InProcessCommand.run(["validate", path, "--delimiter", delimiterName] + extra)
            #expect(fixed.status == (extra.isEmpty ? 65 : 0), "\(fixed.stderr)")
        }
    }

    /// Nothing valid, nothing sent: exit 65 and a sentence, not a partial failure and "0 requests of up to 0".
    @Test func anUploadWhereEveryRowIsInvalidExits65() async throws {
        let workspace = try Workspace()
        let path = try write("externalId,userName,active\n,a@x.com,true\n,b@x.com,true\n", in: workspace.directory)
        let report = workspace.url("r.json")
        let upload = await InProcessCommand.run(
            ["upload", path, "--report", report.path],
            environment: [
                "PROVISION_ENDPOINT": "http://127.0.0.1:9/v1.0/servicePrincipals/s/synchronization/jobs/j/bulkUpload",
                "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s",
                "AZURE_AUTHORITY_HOST": "http://127.0.0.1:9",
            ])
        #expect(upload.status == 65, "\(upload.stderr)")
        #expect(upload.stderr.contains("nothing could be sent: every row is invalid"), "\(upload.stderr)")
        #expect(!upload.stdout.contains("0 requests of up to 0") && !upload.stderr.contains("of up to 0"))
        #expect(try readReport(report)["exitStatus"] as? Int == 65)
        let dryRun = await InProcessCommand.run(["upload", path, "--dry-run"])
        #expect(dryRun.status == 65 && dryRun.stderr.contains("nothing could be sent: every row is invalid"))
        let validate = await InProcessCommand.run(["validate", path])
        #expect(validate.stdout.contains("2 rows, 0 valid, 2 invalid, 0 warnings; nothing could be sent: every row "))
    }

    @Test func missingFileExits66() async throws {
        let result = await InProcessCommand.run(["validate", "/nonexistent/users.csv"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/users.csv"))
    }

    @Test func strictStopsBeforeWritingAnything() async throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let path = try write("externalId,userName\n1,a@x.com\n,b@x.com\n", in: dir)
        let result = await InProcessCommand.run(["upload", path, "--dry-run", "--strict"])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
    }

    @Test func usageErrorsSuggestTheClosestName() async throws {
        let option = await InProcessCommand.run(["validate", "x.csv", "--maping", "m.json"])
        #expect(option.status == 64)
        #expect(option.stderr.contains("did you mean '--mapping'?"))
        let command = await InProcessCommand.run(["uplaod", "x.csv"])
        #expect(command.status == 64)
        #expect(command.stderr.contains("did you mean 'upload'?"))
    }

    @Test func mappingSuggestGuessesFromHeaders() async throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let path = try write("WorkerID,FirstName,LastName,Email,ManagerID,WorkerStatus,ShoeSize\n", in: dir)
        let result = await InProcessCommand.run(["mapping", "suggest", path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"externalId\": \"WorkerID\""))
        #expect(result.stdout.contains("\"name.givenName\": \"FirstName\""))
        #expect(
            result.stdout.contains(
                "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value\": \"ManagerID\""))
        #expect(result.stdout.contains("\"emails[type eq \\\"work\\\"].value\": \"Email\""))
        #expect(result.stdout.contains("custom:1.0:User:ShoeSize"))
        // The suggestion is itself a valid mapping for that file.
        let mapping = try write(result.stdout, name: "m.json", in: dir)
        let check = await InProcessCommand.run(["validate", path, "--mapping", mapping])
        #expect(check.status == 0, "\(check.stderr)")
    }
}

@Suite struct SharedConfigTests {
    @Test func oneConfigFileServesOfflineAndOnlineCommands() async throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let config = dir.appendingPathComponent("provision.json")
        try Data(
            #"{"endpoint": "https://graph.microsoft.com/v1.0/servicePrincipals/a/synchronization/jobs/b/bulkUpload", "tenant-id": "t", "mapping": "\#(sample("workday-mapping.json"))"}"#
                .utf8
        ).write(to: config)
        let result = await InProcessCommand.run(
            ["validate", sample("workday-export.csv"), "--config", config.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("5 rows, 5 valid"))
        let show = await InProcessCommand.run(["config", "show", "--config", config.path])
        #expect(show.stdout.contains("tenant-id"))
        #expect(show.stdout.contains("(config \(config.path))"))
        #expect(show.status == 78)  // no credential configured
    }
}
