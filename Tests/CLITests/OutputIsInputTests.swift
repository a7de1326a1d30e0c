import Foundation
import TestSupport
import Testing

/// Every output a command line names is checked against every input it names, for every command, from the
/// options' declared roles, before anything is read or written: an output that is an input is exit 64 and the
/// input is untouched; an output that is a device or a FIFO is exit 73.
@Suite struct OutputIsInputTests {
    static let export = "externalId,userName,active\n1,a@contoso.com,true\n2,b@contoso.com,true\n"

    @Test func validateReportOverTheExportIsRefused() async throws {
        let workspace = try Workspace()
        let csv = try workspace.write(Self.export, to: "victim.csv").path
        let result = await InProcessCommand.run(["validate", csv, "--report", csv])
        #expect(result.status == 64)
        #expect(
            result.stderr
                == "provision: error: --report \(csv) is the same file as the input \(csv); writing it would destroy "
                + "that file. Name another path\n")
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == Self.export)
        #expect(result.stdout.isEmpty, "nothing was read")
    }

    @Test func aLinkToTheExportIsTheExport() async throws {
        let workspace = try Workspace()
        let csv = try workspace.write(Self.export, to: "victim.csv").path
        let link = workspace.url("report.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: csv)
        let result = await InProcessCommand.run(["validate", csv, "--report", link])
        #expect(result.status == 64)
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == Self.export)
    }

    /// Each command's outputs against each of its inputs: the mapping, the config file, the upload's report.
    @Test func everyCommandChecksEveryOutputAgainstEveryInput() async throws {
        let workspace = try Workspace()
        let csv = try workspace.write(Self.export, to: "u.csv").path
        let mapping = try workspace.write(#"{"attributes": {"externalId": "externalId"}}"#, to: "m.json").path
        let config = try workspace.write("{}", to: "c.json").path
        let report = try workspace.write("{}", to: "run.json").path
        let cases: [([String], String)] = [
            (["plan", csv, "--mapping", mapping, "--summary-md", mapping], "the input --mapping \(mapping)"),
            (["plan", csv, "--out", config, "--config", config], "the input --config \(config)"),
            (["upload", csv, "--dry-run", "--summary-md", csv], "the input \(csv)"),
            (["status", "--report", report, "--failed", report], "the input --report \(report)"),
            (["schema", "show", "--out", config, "--config", config], "the input --config \(config)"),
        ]
        for (arguments, named) in cases {
            let before = try Data(contentsOf: URL(fileURLWithPath: arguments.last!))
            let result = await InProcessCommand.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains("is the same file as \(named)"), "\(arguments): \(result.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: arguments.last!)) == before)
        }
    }

    /// An output named in the config file is checked as one given as a flag, and named by where it came from.
    @Test func anOutputFromTheConfigFileIsCheckedToo() async throws {
        let workspace = try Workspace()
        let csv = try workspace.write(Self.export, to: "u.csv").path
        let config = try workspace.write("{\"report\": \"\(csv)\"}", to: "c.json").path
        let result = await InProcessCommand.run(["validate", csv, "--config", config])
        #expect(result.status == 64)
        #expect(result.stderr.contains("\"report\" in \(config) \(csv) is the same file as the input \(csv)"))
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == Self.export)
    }

    @Test func aDeviceAsAnOutputIsRefusedBeforeAnythingIsRead() async throws {
        let workspace = try Workspace()
        let csv = try workspace.write(Self.export, to: "u.csv").path
        let result = await InProcessCommand.run(["validate", csv, "--report", "/dev/null"])
        #expect(result.status == 73)
        #expect(result.stderr.contains("--report /dev/null"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
