import CSV
import Export
import Foundation
import JSONDocument
import Mapping
import SCIM
import Testing

/// Expressions inside mapping files: errors name the key and column, types are checked when the mapping loads, and
/// `RecordMapper` sends what the expression gives, by the layout fast path and the tree alike.
@Suite struct MappingExpressionTests {
    let header = ["WorkerID", "FirstName", "LastName", "WorkerStatus", "HireDate", "Email", "ManagerID"]

    func load(_ attributes: String) throws -> ColumnMapping {
        try MappingFile.parse(Data("{\"attributes\": {\(attributes)}}".utf8), path: "m.json", header: header)
    }

    func error(_ attributes: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        do {
            _ = try load(attributes)
            Issue.record("expected an error", sourceLocation: sourceLocation)
            return ""
        } catch {
            return error.localizedDescription
        }
    }

    static let keys = #""externalId": "WorkerID", "#
    static let contoso = "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:"

    /// `"path": {"expression": "…", "type": "…"}`, the expression JSON-escaped, so tests write it as Swift text.
    static func entry(_ path: String, _ expression: String, type: String? = nil) -> String {
        let quoted = String(decoding: JSONWriter.encode(.string(expression)), as: UTF8.self)
        return "\"\(path)\": {\"expression\": \(quoted)\(type.map { ", \"type\": \"\($0)\"" } ?? "")}"
    }

    /// The record's bytes from the fast path, checked against encoding the `SCIMUser` tree.
    func json(_ row: MappedRow, by mapper: RecordMapper, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let data = mapper.data(of: row)
        #expect(data == JSONWriter.encode(.object(mapper.user(of: row).dataObject())), sourceLocation: sourceLocation)
        return String(decoding: data, as: UTF8.self)
    }

    @Test func nestedFunctionsMapARowAndTheSwitchGivesABoolean() throws {
        let mapping = try load(
            Self.keys
                + Self.entry(
                    "userName",
                    "Join(\"@\", NormalizeDiacritics(ToLower(Join(\".\", [FirstName], [LastName]))), \"contoso.com\")")
                + ", "
                + Self.entry("active", "Switch([WorkerStatus], \"False\", \"Active\", \"True\")", type: "boolean"))
        #expect(mapping.warnings.isEmpty, "\(mapping.warnings)")
        let mapper = RecordMapper(mapping: mapping)
        let row = mapper.map(CSVRecord(line: 2, fields: ["W1", "Zoë", "Øster-Ström", "Active", "", "", ""]))
        #expect(row.problems.isEmpty, "\(row.problems)")
        #expect(row.userName == "zoe.oester-strom@contoso.com")
        #expect(json(row, by: mapper).contains(#""active":true"#))
        let leaver = mapper.map(CSVRecord(line: 3, fields: ["W2", "A", "B", "Terminated", "", "", ""]))
        #expect(json(leaver, by: mapper).contains(#""active":false"#))
    }

    @Test func expressionResultsTakeTheAttributesType() throws {
        let mapper = RecordMapper(
            mapping: try load(
                Self.keys + #""userName": "Email", "#
                    + [
                        Self.entry(Self.contoso + "HireDate", "DateAdd(\"d\", 1, CDate([HireDate]))", type: "dateTime"),
                        Self.entry(
                            Self.contoso + "Tenure", "DateDiff(\"yyyy\", [HireDate], \"2024-06-30\")", type: "integer"),
                        Self.entry(
                            Self.contoso + "Local", "IIF(IsPresent([ManagerID]), \"yes\", \"no\")", type: "boolean"),
                        Self.entry("title", "IsPresent([ManagerID])"),
                    ].joined(separator: ", ")))
        let row = mapper.map(CSVRecord(line: 2, fields: ["W1", "", "", "", "2020-03-16-07:00", "a@x.com", "W9"]))
        #expect(row.problems.isEmpty, "\(row.problems)")
        let text = json(row, by: mapper)
        #expect(text.contains(#""HireDate":"2020-03-17T07:00:00Z""#), "\(text)")
        #expect(text.contains(#""Tenure":4"#), "\(text)")
        #expect(text.contains(#""Local":true"#), "\(text)")
        #expect(text.contains(#""title":"True""#), "\(text)")
    }

    @Test func blankResultsAreOmittedOrNullButIgnoreFlowIsAlwaysOmitted() throws {
        let attributes =
            Self.keys + #"""
                "userName": "Email",
                "title": { "expression": "Trim([FirstName])" },
                "nickName": { "expression": "IgnoreFlowIfNullOrEmpty([LastName])" }
                """#
        let fields = ["W1", " ", "", "", "", "a@x.com", ""]
        let omitting = RecordMapper(mapping: try load(attributes))
        let plain = json(omitting.map(CSVRecord(line: 2, fields: fields)), by: omitting)
        #expect(!plain.contains("title") && !plain.contains("nickName"), "\(plain)")
        let nulling = RecordMapper(mapping: try load(attributes), emptyAsNull: true)
        let nulled = json(nulling.map(CSVRecord(line: 2, fields: fields)), by: nulling)
        #expect(nulled.contains(#""title":null"#), "\(nulled)")
        #expect(!nulled.contains("nickName"), "IgnoreFlowIfNullOrEmpty drops the attribute: \(nulled)")
    }

    @Test func aRowTheExpressionCannotHandleIsARowErrorNamingTheValue() throws {
        let mapper = RecordMapper(
            mapping: try load(
                Self.keys + #""userName": "Email", "#
                    + Self.entry(Self.contoso + "Hired", "CDate([HireDate])", type: "dateTime") + ", "
                    + Self.entry("active", "Switch([WorkerStatus], [WorkerStatus], \"A\", \"yes\")")))
        let row = mapper.map(CSVRecord(line: 7, fields: ["W1", "", "", "Maybe", "someday", "a@x.com", ""]))
        #expect(!row.isValid)
        let messages = row.problems.filter { $0.severity == .error }.map(\.message)
        #expect(
            messages.contains { $0.contains("expression column 1: CDate: expression \"someday\" is not a date") },
            "\(messages)")
        #expect(messages.contains { $0.contains("\"Maybe\" is not a boolean") }, "\(messages)")
        #expect(row.problems.allSatisfy { $0.line == 7 && $0.externalId == "W1" })
        #expect(
            row.problems.contains {
                $0.column == "HireDate (urn:ietf:params:scim:schemas:extension:contoso:1.0:User:Hired)"
            })
    }

    @Test func nowIsTheInstantTheMapperWasGiven() throws {
        let mapping = try load(
            Self.keys + #""userName": "Email", "#
                + Self.entry(Self.contoso + "Seen", "FormatDateTime(Now(), , \"o\", \"yyyy-MM-dd\")") + ", "
                + Self.entry(Self.contoso + "Days", "DateDiff(\"d\", CDate([HireDate]), Now())", type: "integer"))
        let mapper = RecordMapper(mapping: mapping, now: Date(timeIntervalSince1970: 1_700_000_000))
        let text = json(
            mapper.map(CSVRecord(line: 2, fields: ["W1", "", "", "", "2023-11-10", "a@x.com", ""])), by: mapper)
        #expect(text.contains(#""Seen":"2023-11-14""#) && text.contains(#""Days":4"#), "\(text)")
        // Now() outside DateDiff is a value that changes every run: the mapping says so.
        #expect(mapping.warnings.count == 1)
        #expect(mapping.warnings.first?.message.contains("Now() is the run's start time") == true)
        #expect(
            mapping.warnings.first?.field
                == #"attributes › "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:Seen""#)
    }

    @Test func aBooleanAttributeFedTextThatIsNotABooleanIsAWarningNamingTheValues() throws {
        let mapping = try load(
            Self.keys + #""userName": "Email", "#
                + Self.entry(
                    "active",
                    "IIF([WorkerStatus] = \"Active\", \"Enabled\", "
                        + "Switch([WorkerStatus], \"no\", \"Leave\", \"Suspended\"))"))
        let warning = try #require(mapping.warnings.first)
        #expect(warning.attribute == "active")
        #expect(
            warning.message.contains(#""Enabled", "Suspended" are not true/false, yes/no or 1/0"#), "\(warning.message)"
        )
        #expect(!warning.message.contains(#""no""#))
        // Literal booleans, and text of unknown value, give no warning.
        let literalBooleans = Self.entry("active", "Switch([WorkerStatus], \"False\", \"Active\", \"True\")")
        #expect(try load(Self.keys + #""userName": "Email", "# + literalBooleans).warnings.isEmpty)
        #expect(
            try load(Self.keys + #""userName": "Email", "active": { "expression": "ToLower([WorkerStatus])" }"#)
                .warnings.isEmpty)
    }

    @Test func warningsReachTheProblemsOfTheRun() throws {
        let workspace = try MappingWorkspace()
        let csv = try workspace.file("e.csv", "WorkerID,Email,WorkerStatus\n1,a@x.com,Active\n")
        let mapping = try workspace.file(
            "m.json",
            #"""
            {"attributes": {"externalId": "WorkerID", "userName": "Email",
             "active": {"expression": "IIF([WorkerStatus] = \"Active\", \"on\", \"off\")"}}}
            """#)
        var reader = ExportReader()
        reader.mappingFile = mapping
        let export = try reader.prepare(path: csv)
        let problem = try #require(export.problems.first)
        #expect(problem.severity == .warning && problem.line == 1 && problem.column == "active")
        #expect(problem.message.hasPrefix("\(mapping): attributes › \"active\": the expression gives text"))
        #expect(export.warnings == 1 && export.invalid == 1)
    }
}
