import CSV
import Export
import Expressions
import Foundation
import Mapping
import SCIM
import Testing

/// The checks follow the job: Entra's UPN rules apply to userName only where the job sends it unchanged to
/// userPrincipalName of Entra ID; offline (the default mappings assumed) a userName without @ is a warning; an
/// attribute the job clears when left out is said once; SelectUniqueValue's advice depends on the target.
@Suite struct JobFlowChecksTests {
    let header = ["WorkerID", "UserID", "Dept", "Status"]
    static let base = #""externalId": "WorkerID", "userName": "UserID", "active": true"#

    func mapper(_ attributes: String = Self.base, flows: AttributeFlows = .defaultMappings) throws -> RecordMapper {
        let mapping = try MappingFile.parse(
            Data("{\"attributes\": {\(attributes)}}".utf8), path: "m.json", header: header)
        return RecordMapper(mapping: mapping, flows: flows)
    }

    func map(_ userName: String, flows: AttributeFlows = .defaultMappings) throws -> MappedRow {
        try mapper(flows: flows).map(CSVRecord(line: 2, fields: ["1222", userName, "", ""]))
    }

    /// The job's flows with userName → userPrincipalName, unchanged unless `computed`.
    func jobFlows(computed: Bool = false, directory: TargetDirectory? = .entraID) -> AttributeFlows {
        AttributeFlows(
            targetBySource: ["userName": "userPrincipalName", "externalId": "employeeId"],
            computed: computed ? ["userName"] : [], directory: directory)
    }

    @Test func offlineAUserNameWithoutAtIsAWarningNamingTheConsequence() throws {
        // Microsoft's CSV2SCIM sample sends EMP1222-style userNames.
        let row = try map("EMP1222")
        #expect(row.isValid)
        let warning = try #require(row.problems.first)
        #expect(row.problems.count == 1)
        #expect(warning.severity == .warning && warning.kind == "userNameWithoutAt")
        #expect(warning.column == "UserID (userName)")
        #expect(warning.message.contains("\"EMP1222\" has no @: under the default mappings"))
        #expect(warning.message.contains("Entra refuses it"))
        // Every other rule still holds offline: it is wrong under any mapping that sends it unchanged.
        #expect(!(try map("ana.@contoso.com")).isValid)
    }

    @Test func whereTheJobSendsUserNameUnchangedTheRulesAreRowErrors() throws {
        let row = try map("EMP1222", flows: jobFlows())
        #expect(!row.isValid)
        #expect(row.problems.map(\.kind) == ["invalidUserPrincipalName"])
    }

    @Test(arguments: [(true, TargetDirectory?.some(.entraID)), (false, .activeDirectory)])
    func whereTheJobBuildsTheUPNOrTargetsADTheRulesDoNotApply(computed: Bool, directory: TargetDirectory?) throws {
        for userName in ["EMP1222", "ana.@contoso.com", "Zoë Øster"] {
            let row = try map(userName, flows: jobFlows(computed: computed, directory: directory))
            #expect(row.isValid && row.problems.isEmpty, "\(userName): \(row.problems)")
        }
    }

    @Test func theJobIdTellsTheDirectory() {
        #expect(TargetDirectory(jobId: "API2AAD.b16687d38faf42adb29892cdcaf01c6e.1a03") == .entraID)
        #expect(TargetDirectory(jobId: "API2AD.b16687d38faf42adb29892cdcaf01c6e.1a03") == .activeDirectory)
        #expect(TargetDirectory(jobId: "job-1") == nil)
    }

    /// Entra ID targets (and unknown ones): provision evaluates SelectUniqueValue, which needs two candidates or more;
    /// on-premises AD targets: the service evaluates it against AD, so it belongs in the job's mapping.
    @Test(arguments: [TargetDirectory?.none, .entraID, .activeDirectory])
    func selectUniqueValueAdviceFollowsTheTarget(directory: TargetDirectory?) throws {
        func parse(_ expression: String) throws -> ColumnMapping {
            let entry = #""userName": {"expression": "\#(expression)"}"#
            return try MappingFile.parse(
                Data(#"{"attributes": {"externalId": "WorkerID", "active": true, \#(entry)}}"#.utf8), path: "m.json",
                header: header, directory: directory)
        }
        let two =
            #"SelectUniqueValue(Join(\"@\", [UserID], \"x.com\"), Join(\"@\", Join(\"\", [UserID], \"2\"), \"x.com\"))"#
        let one = #"SelectUniqueValue(Join(\"@\", [UserID], \"x.com\"))"#
        if directory == .activeDirectory {
            for expression in [two, one] {
                #expect {
                    _ = try parse(expression)
                } throws: {
                    $0.localizedDescription.contains(
                        "put SelectUniqueValue in the job's attribute mapping, where the service evaluates it")
                }
            }
        } else {
            #expect(throws: Never.self, "two candidates are evaluated client-side") { _ = try parse(two) }
            #expect {
                _ = try parse(one)
            } throws: {
                $0.localizedDescription.contains("takes at least two candidates, tried in order (got 1)")
            }
        }
    }

    // MARK: attributes the job clears when a record leaves them out

    func read(_ csv: String, flows: AttributeFlows, emptyAsNull: Bool = false) throws -> SpooledExport {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("users.csv")
        try Data(csv.utf8).write(to: input)
        var reader = ExportReader()
        reader.flows = flows
        reader.emptyAsNull = emptyAsNull
        return try reader.read(path: input.path)
    }

    static let department = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"
    static let csv =
        "externalId,userName,active,\(department),title\n1,a@x.com,true,Sales,\n2,b@x.com,true,,\n3,c@x.com,true,,\n"

    @Test func anAttributeTheJobClearsWhenLeftOutIsNamedOncePerAttribute() throws {
        let flows = AttributeFlows(
            targetBySource: [Self.department: "department", "title": "jobTitle"], flowingNull: [Self.department],
            directory: .entraID)
        let warnings = try read(Self.csv, flows: flows).problems.kept.filter { $0.kind == Omissions.kind }
        #expect(warnings.count == 1, "title leaves out too, but the job does not clear it")
        let warning = try #require(warnings.first)
        #expect(warning.severity == .warning && warning.line == 3 && warning.externalId == "2")
        #expect(warning.message.contains("the job's schema flows null values for \(Self.department): 2 records"))
        #expect(warning.message.contains("clears department in Microsoft Entra ID"))
        #expect(warning.message.contains("--empty-as-null") && warning.message.contains("\"default\""))
        // --empty-as-null sends null on purpose; the default mappings know nothing of null flows.
        #expect(
            try read(Self.csv, flows: flows, emptyAsNull: true).problems.kept.allSatisfy { $0.kind != Omissions.kind })
        #expect(try read(Self.csv, flows: .defaultMappings).problems.kept.allSatisfy { $0.kind != Omissions.kind })
    }
}
