import Configuration
import Export
import Foundation
import Mapping
import Sync
import TestSupport
import Testing

/// `upload` checks the export against the job's own mappings once it has read the schema: Entra's UPN rules apply
/// to userName only where the job sends it unchanged to userPrincipalName of Entra ID, and attributes the job clears
/// when a record leaves them out are named once.
@Suite struct JobFlowsTests {
    static let department = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"
    static let direct = #"{"type":"Attribute","name":"userName"}"#
    static let joined = #"""
        {"type":"Function","name":"Join","parameters":[{"key":"separator","value":{"type":"Constant","name":"@"}},
         {"key":"source1","value":{"type":"Attribute","name":"userName"}},
         {"key":"source2","value":{"type":"Constant","name":"contoso.com"}}]}
        """#

    /// A job's schema: the attributes `csv` sends, userName → userPrincipalName from `upn`, department flowing
    /// null values when `nullFlow`.
    static func schema(upn: String, nullFlow: Bool = false) -> Data {
        Data(
            #"""
            {"directories":[{"name":"API","objects":[{"name":"User","attributes":[
              {"name":"externalId","type":"String"},{"name":"userName","type":"String"},
              {"name":"displayName","type":"String"},{"name":"active","type":"Boolean"},
              {"name":"\#(department)","type":"String","flowNullValues":\#(nullFlow)},
              {"name":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","type":"Reference"}]}]}],
             "synchronizationRules":[{"sourceDirectoryName":"API","targetDirectoryName":"Azure Active Directory",
              "objectMappings":[{"enabled":true,"sourceObjectName":"User","targetObjectName":"User",
               "attributeMappings":[
                {"targetAttributeName":"employeeId","source":{"type":"Attribute","name":"externalId"}},
                {"targetAttributeName":"userPrincipalName","source":\#(upn)},
                {"targetAttributeName":"displayName","source":{"type":"Attribute","name":"displayName"}},
                {"targetAttributeName":"department","source":{"type":"Attribute","name":"\#(department)"}}]}]}]}
            """#.utf8)
    }

    /// Five people; the first three with CSV2SCIM-style userNames (EMP1…EMP3), the last two blank departments.
    static let csv =
        "externalId,userName,displayName,active,\(department)\n"
        + "1,EMP1,Ann,true,Sales\n2,EMP2,Bo,true,Sales\n3,EMP3,Cy,true,Sales\n4,d@x.com,Di,true,\n5,e@x.com,Ed,true,\n"

    func run(
        _ schema: Data, csv: String = Self.csv, jobId: String = "API2AAD.00aa.job-1"
    ) async throws -> (SyncOutcome, EventLog, FakeGraph) {
        let workspace = try Workspace()
        let graph = FakeGraph()
        graph.schema = (200, schema)
        var job = uploadJob(input: try workspace.write(csv, to: "users.csv"), workspace: workspace)
        job.endpoint = try BulkUploadEndpoint.parse(
            FakeGraph.endpointText.replacingOccurrences(of: "API2AAD.00aa.job-1", with: jobId), allowedHosts: [],
            setting: "--endpoint")
        job.schemaCheck = .refuse
        let time = ManualTimeSource()
        let events = EventLog()
        let run = SyncRun(
            job: job, transport: graph.transport, tokens: FixedTokens(), time: time, events: events.record)
        return (await drivingClock(time) { await run.run() }, events, graph)
    }

    @Test func aUPNTheJobBuildsByAnExpressionLeavesUserNameToIt() async throws {
        let (outcome, events, graph) = try await run(Self.schema(upn: Self.joined))
        #expect(outcome.status == .success, "\(events.errors)")
        #expect(outcome.report.invalid == 0 && graph.received.count == 5)
        #expect(
            !outcome.report.problems.contains {
                $0.kind.contains("UserPrincipalName") || $0.kind == "userNameWithoutAt"
            })
    }

    @Test func whereTheJobSendsUserNameUnchangedOneWithoutAtIsARowError() async throws {
        let (outcome, events, graph) = try await run(Self.schema(upn: Self.direct))
        #expect(outcome.status == .someRowsFailed)
        #expect(outcome.report.invalid == 3)
        #expect(graph.received.sorted() == ["4", "5"])
        #expect(events.notices.contains { $0.contains("checked again") })
        #expect(events.problems.filter { $0.kind == "invalidUserPrincipalName" }.count == 3)
    }

    /// CSV2SCIM's sample: every userName is an employee id. Offline a warning; once the schema shows the job sends
    /// it unchanged to userPrincipalName, every row is invalid, and the run says so and exits 65 (not 1).
    @Test func whenTheJobsMappingsMakeEveryRowInvalidNothingIsSentAndItSaysSo() async throws {
        let csv = "externalId,userName,displayName,active\n1,EMP1,Ann,true\n2,EMP2,Bo,true\n"
        let (outcome, events, graph) = try await run(Self.schema(upn: Self.direct), csv: csv)
        #expect(outcome.status == .dataError, "\(events.errors)")
        #expect(graph.received.isEmpty)
        #expect(outcome.report.invalid == 2)
        #expect(events.errors.contains { $0.contains("nothing could be sent: every row is invalid (2 rows)") })
        // The job's mapping is the default one here: the notice must not say they differ.
        #expect(events.notices.contains { $0.contains("checked again against the job's own mappings") })
        #expect(!events.notices.contains { $0.contains("differ from the default mappings") })
    }

    @Test func anOnPremisesADJobLeavesUserNameToTheJob() async throws {
        let (outcome, _, graph) = try await run(Self.schema(upn: Self.direct), jobId: "API2AD.00aa.job-1")
        #expect(outcome.status == .success && graph.received.count == 5)
    }

    /// Read again for the UPN (EMP1…), or not (every userName fine): either way the blank departments are named.
    @Test(arguments: [csv, csv.replacingOccurrences(of: ",EMP", with: ",emp@x.com")])
    func blankCellsOfAnAttributeTheJobClearsAreNamedOnce(csv: String) async throws {
        let (outcome, events, _) = try await run(Self.schema(upn: Self.joined, nullFlow: true), csv: csv)
        #expect(outcome.status == .success)
        #expect(events.notices.contains { $0.contains("checked again") } == csv.contains("EMP"))
        let cleared = events.problems.filter { $0.kind == Omissions.kind }
        #expect(cleared.count == 1)
        #expect(cleared.first?.message.contains("2 records leave it out") == true)
        #expect(cleared.first?.line == 5)
        #expect(outcome.report.problems.contains { $0.kind == Omissions.kind })
        let (quiet, quietEvents, _) = try await run(Self.schema(upn: Self.joined, nullFlow: false))
        #expect(quiet.status == .success && quietEvents.problems.allSatisfy { $0.kind != Omissions.kind })
    }
}
