import CSV
import Export
import Foundation
import Mapping
import SCIM
import Testing

/// The lints for what the service would misapply: a mapping without `active`, and values Entra refuses for the
/// attribute they flow to.
@Suite struct ServiceHazardLintTests {
    let header = ["WorkerID", "Email", "First", "Last", "Status"]

    func mapper(_ attributes: String, flows: AttributeFlows = .defaultMappings) throws -> RecordMapper {
        let mapping = try MappingFile.parse(
            Data("{\"attributes\": {\(attributes)}}".utf8), path: "m.json", header: header)
        return RecordMapper(mapping: mapping, flows: flows)
    }

    static let base = #""externalId": "WorkerID", "userName": "Email", "active": true"#

    func row(_ fields: [String], line: Int = 2) -> CSVRecord { CSVRecord(line: line, fields: fields) }

    @Test func aTooLongGivenNameIsARowErrorNamingTheLimit() throws {
        let mapper = try mapper(Self.base + #", "name.givenName": "First""#)
        let long = mapper.map(row(["W1", "a@x.com", String(repeating: "g", count: 65), "", ""], line: 7))
        #expect(!long.isValid)
        let problem = try #require(long.problems.first { $0.kind == "valueTooLong:givenName" })
        #expect(problem.severity == .error)
        #expect(problem.line == 7)
        #expect(problem.externalId == "W1")
        #expect(problem.column == "First (name.givenName)")
        #expect(problem.message.contains("givenName takes at most 64 characters in Entra ID; this value has 65"))
        #expect(problem.message.contains("name.givenName flows to Entra's givenName"))
        let fits = mapper.map(row(["W2", "a@x.com", String(repeating: "g", count: 64), "", ""]))
        #expect(fits.isValid)
    }

    @Test func onlyTheValueSentCounts() throws {
        // Trimmed to fit: fine. A template that grows past the limit: refused. Blank: not sent, not checked.
        let trimmed = try mapper(Self.base + #", "name.givenName": {"column": "First", "transform": ["trim"]}"#)
        #expect(trimmed.map(row(["W1", "a@x.com", "  " + String(repeating: "g", count: 64) + "  ", "", ""])).isValid)
        #expect(trimmed.map(row(["W1", "a@x.com", "   ", "", ""])).isValid)
        let template = try mapper(Self.base + #", "name.familyName": {"template": "{First} {Last}"}"#)
        let (forty, thirty) = (String(repeating: "f", count: 40), String(repeating: "l", count: 30))
        let joined = template.map(row(["W1", "a@x.com", forty, thirty, ""]))
        #expect(joined.problems.contains { $0.kind == "valueTooLong:surname" && $0.message.contains("has 71") })
        let expression = try mapper(Self.base + #", "title": {"expression": "Join(\"-\", [First], [Last])"}"#)
        let (hundred, rest) = (String(repeating: "t", count: 100), String(repeating: "t", count: 28))
        let titled = expression.map(row(["W1", "a@x.com", hundred, rest, ""]))
        #expect(titled.problems.contains { $0.kind == "valueTooLong:jobTitle" && $0.message.contains("has 129") })
    }

    @Test func aBadUserPrincipalNameIsARowErrorWithoutTheShapeWarning() throws {
        let mapper = try mapper(Self.base)
        let bad = mapper.map(row(["W1", "ana.@contoso.com", "", "", ""]))
        #expect(!bad.isValid)
        let problem = try #require(bad.problems.first { $0.kind == "invalidUserPrincipalName" })
        #expect(problem.column == "Email (userName)")
        #expect(problem.message.contains("ends the part before the @ with a period"))
        #expect(bad.problems.count == 1)
    }

    @Test func theFlowsCanBeReplaced() throws {
        // A job that writes givenName from displayName and nothing from name.givenName.
        let flows = AttributeFlows(targetBySource: ["displayName": "givenName", "externalId": "employeeId"])
        #expect(flows.targetBySource == ["displayname": "givenName", "externalid": "employeeId"])
        let mapper = try mapper(Self.base + #", "displayName": "First", "name.givenName": "Last""#, flows: flows)
        let (display, given) = (String(repeating: "d", count: 65), String(repeating: "g", count: 200))
        let mapped = mapper.map(row(["W1", "ana", display, given, ""]))
        // userName flows nowhere in this job, so how it is shaped is the job's business.
        #expect(mapped.problems.map(\.kind).sorted() == ["valueTooLong:givenName"])
        #expect(mapped.problems.first { $0.kind == "valueTooLong:givenName" }?.column == "First (displayName)")
        let enterprise = AttributeFlows.defaultMappings.target(
            of: try AttributePath.parse(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"))
        #expect(enterprise == "department")
        let locality = try AttributePath.parse(#"addresses[type eq "work"].locality"#)
        #expect(AttributeFlows.defaultMappings.target(of: locality) == "city")
        #expect(AttributeFlows.defaultMappings.target(of: try AttributePath.parse("userName")) == "userPrincipalName")
    }

    @Test func theDefaultFlowsCheckTheMatchingAttribute() throws {
        // externalId feeds employeeId, which holds 16 characters.
        let mapper = try mapper(Self.base)
        let mapped = mapper.map(row([String(repeating: "7", count: 17), "a@x.com", "", "", ""]))
        #expect(mapped.problems.contains { $0.kind == "valueTooLong:employeeId" })
    }

    // MARK: active

    func read(_ csv: String, mapping: String? = nil, allowMissingActive: Bool = false) throws -> SpooledExport {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("users.csv")
        try Data(csv.utf8).write(to: input)
        var reader = ExportReader()
        reader.allowMissingActive = allowMissingActive
        if let mapping {
            let file = directory.appendingPathComponent("m.json")
            try Data("{\"attributes\": {\(mapping)}}".utf8).write(to: file)
            reader.mappingFile = file.path
        }
        return try reader.read(path: input.path)
    }

    @Test func anActiveHeaderCounts() throws {
        let reading = try read("externalId,userName,active\n1,a@x.com,true\n")
        #expect(!reading.problems.kept.contains { $0.kind == "activeUnmapped" })
    }

    @Test func noActiveHeaderIsAFileLevelError() throws {
        do {
            _ = try read("externalId,userName\n1,a@x.com\n")
            Issue.record("a header without active was accepted")
        } catch let unusable as UnusableMapping {
            #expect(unusable.rows == 1, "the export's rows are counted although none could be mapped")
            let text = try #require(unusable.error.errorDescription)
            #expect(
                text.hasSuffix(
                    "users.csv:1: no active column: Entra disables the account of every record sent "
                        + "without active (the default mappings feed accountEnabled from it); add a column named "
                        + "active, or "
                        + "pass --allow-missing-active if the job's mappings do not use it"), "\(text)")
        }
    }

    @Test(arguments: [
        #""active": {"column": "Status", "lookup": {"A": true}, "default": false}"#,
        #""active": true"#,
        #""active": {"constant": false}"#,
        #""active": {"expression": "Switch([Status], \"False\", \"A\", \"True\")", "type": "boolean"}"#,
    ])
    func aColumnConstantOrExpressionCounts(entry: String) throws {
        let keys = #""externalId": "WorkerID", "userName": "Email", "#
        let reading = try read("WorkerID,Email,Status\n1,a@x.com,A\n", mapping: keys + entry)
        #expect(reading.problems.errors == 0)
        #expect(reading.valid == 1)
    }

    @Test func aMappingWithoutActiveNamesTheMappingFile() throws {
        do {
            _ = try read("WorkerID,Email\n1,a@x.com\n", mapping: #""externalId": "WorkerID", "userName": "Email""#)
            Issue.record("a mapping without active was accepted")
        } catch let unusable as UnusableMapping {
            #expect(unusable.rows == 1, "the export's rows are counted although none could be mapped")
            let text = try #require(unusable.error.errorDescription)
            #expect(text.contains("m.json: attributes: no \"active\": Entra disables the account"), "\(text)")
            #expect(text.contains("--allow-missing-active"))
        }
    }

    @Test func allowedItIsOneWarningForTheFile() throws {
        let reading = try read("externalId,userName\n1,a@x.com\n2,b@x.com\n", allowMissingActive: true)
        let warnings = reading.problems.kept.filter { $0.kind == "activeUnmapped" }
        #expect(warnings.count == 1)
        #expect(warnings.first?.line == 1)
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first?.message.contains("no active column") == true)
        #expect(reading.valid == 2)
    }
}
