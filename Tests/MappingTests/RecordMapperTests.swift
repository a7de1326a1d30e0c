import CSV
import Foundation
import JSONDocument
import Mapping
import SCIM
import Testing

@Suite struct RecordMapperTests {
    let header = ["WorkerID", "FirstName", "LastName", "Email", "WorkerStatus", "ManagerID", "HireDate", "Code"]

    func mapper(
        _ attributes: String, emptyAsNull: Bool = false, flows: AttributeFlows = .defaultMappings
    ) throws -> RecordMapper {
        let mapping = try MappingFile.parse(
            Data("{\"attributes\": {\(attributes)}}".utf8), path: "m.json", header: header)
        return RecordMapper(mapping: mapping, emptyAsNull: emptyAsNull, flows: flows)
    }

    static let base = #""externalId": "WorkerID", "userName": "Email""#

    /// The record's bytes from the fast path, checked against encoding the `SCIMUser` tree.
    func json(_ row: MappedRow, by mapper: RecordMapper) -> String {
        let data = mapper.data(of: row)
        #expect(data == JSONWriter.encode(.object(mapper.user(of: row).dataObject())))
        return String(decoding: data, as: UTF8.self)
    }

    @Test func templateTransformsAndLookup() throws {
        let mapper = try mapper(
            #"""
            "externalId": "WorkerID",
            "userName": { "template": "{FirstName}.{LastName}@contoso.com", "transform": ["stripDiacritics", "lower"] },
            "active": { "column": "WorkerStatus", "lookup": { "Active": true }, "default": false },
            "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate": { "column": "HireDate", "type": "dateTime", "format": "MM/dd/yyyy" }
            """#)
        let row = mapper.map(
            CSVRecord(line: 2, fields: ["W1", "Zoë", "Øster-Ström", "z@x.com", " active ", "", "05/01/2021", "007"]))
        #expect(row.problems.isEmpty, "\(row.problems)")
        #expect(row.userName == "zoe.oster-strom@contoso.com")
        #expect(json(row, by: mapper).contains(#""active":true"#))
        #expect(json(row, by: mapper).contains(#""HireDate":"2021-05-01T00:00:00Z""#))
        let terminated = mapper.map(
            CSVRecord(line: 3, fields: ["W2", "A", "B", "", "Terminated", "", "01/02/2020", ""]))
        #expect(json(terminated, by: mapper).contains(#""active":false"#))
    }

    @Test func stringsStayStrings() throws {
        let mapper = try mapper(
            Self.base + #", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Code""#)
        let row = mapper.map(CSVRecord(line: 2, fields: ["W1", "", "", "a@x.com", "", "", "", "00123"]))
        #expect(json(row, by: mapper).contains(#""employeeNumber":"00123""#))
    }

    @Test(arguments: ["true", "TRUE", "yes", "Yes", "1"])
    func booleanTrueWords(text: String) throws {
        let mapper = try mapper(Self.base + #", "active": "WorkerStatus""#)
        #expect(
            json(mapper.map(CSVRecord(line: 2, fields: ["W1", "", "", "a@x.com", text, "", "", ""])), by: mapper)
                .contains(#""active":true"#))
    }

    @Test func nonBooleanIsARowErrorNamingTheColumn() throws {
        let mapper = try mapper(Self.base + #", "active": "WorkerStatus""#)
        let row = mapper.map(CSVRecord(line: 9, fields: ["W1", "", "", "a@x.com", "sometimes", "", "", ""]))
        #expect(!row.isValid)
        let problem = try #require(row.problems.first)
        #expect(problem.line == 9)
        #expect(problem.externalId == "W1")
        #expect(problem.column == "WorkerStatus (active)")
        #expect(problem.message.contains("\"sometimes\" is not a boolean"))
    }

    @Test func blankCellOmitsOrSendsNull() throws {
        let fields = ["W1", "", "", "a@x.com", "", "", "", ""]
        let omitting = try mapper(Self.base + #", "name.givenName": "FirstName""#)
        #expect(!json(omitting.map(CSVRecord(line: 2, fields: fields)), by: omitting).contains("givenName"))
        let nulling = try mapper(Self.base + #", "name.givenName": "FirstName""#, emptyAsNull: true)
        #expect(json(nulling.map(CSVRecord(line: 2, fields: fields)), by: nulling).contains(#""givenName":null"#))
    }

    @Test func recordLevelChecks() throws {
        let mapper = try mapper(
            Self.base
                + #", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value": "ManagerID", "phoneNumbers[type eq \"mobile\"].value": "Code""#
        )
        let noId = mapper.map(CSVRecord(line: 2, fields: ["", "", "", "a@x.com", "", "", "", ""]))
        #expect(noId.problems.contains { $0.severity == .error && $0.message.contains("externalId is empty") })
        let noUser = mapper.map(CSVRecord(line: 3, fields: ["W3", "", "", " ", "", "", "", ""]))
        #expect(noUser.problems.contains { $0.severity == .error && $0.message.contains("userName is empty") })
        let selfManaged = mapper.map(CSVRecord(line: 4, fields: ["W4", "", "", "a@x.com", "", "W4", "", ""]))
        #expect(
            selfManaged.problems.contains { $0.severity == .error && $0.message.contains("manager is the user itself") }
        )
        // The default mappings write userName to userPrincipalName, which Entra refuses without an @; offline that
        // is assumed, not known, so it is a warning.
        let oddUPN = mapper.map(CSVRecord(line: 5, fields: ["W5", "", "", "EMP1222", "", "", "", "555"]))
        #expect(oddUPN.isValid)
        #expect(oddUPN.problems.contains { $0.kind == "userNameWithoutAt" && $0.message.contains("has no @") })
        #expect(!oddUPN.problems.contains { $0.message.contains("not shaped like name@domain") })
        #expect(
            oddUPN.problems.contains {
                $0.severity == .warning && $0.message.contains("processes only \"work\" entries")
            })
        // A job whose userName flows elsewhere: its shape is the job's business.
        let elsewhere = try self.mapper(Self.base, flows: AttributeFlows(targetBySource: [:]))
        let unflowed = elsewhere.map(CSVRecord(line: 5, fields: ["W5", "", "", "EMP1222", "", "", "", "555"]))
        #expect(unflowed.isValid)
        #expect(!unflowed.problems.contains { $0.column == "Email (userName)" })
        let ragged = mapper.map(CSVRecord(line: 6, fields: ["W6", "x"]))
        #expect(
            ragged.problems.contains {
                $0.severity == .error && $0.message.contains("has 2 fields but the header has 8")
            })
    }
}
