import Foundation
import Preflight
import Sync
import TestSupport
import Testing

/// The schema pre-flight of `SyncRun`: one read of the job's schema before the first request.
@Suite struct SchemaPreflightTests {
    static let hireDate = "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate"
    /// A schema with the attributes `usersCSV` sends (and none of the custom one).
    static let schema = Data(
        #"""
        {"directories":[{"name":"API","objects":[{"name":"User","attributes":[
          {"name":"externalId","type":"String"},{"name":"userName","type":"String"},
          {"name":"displayName","type":"String"},{"name":"active","type":"Boolean"},
          {"name":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","type":"String"},
          {"name":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","type":"Reference"}]}]}],
         "synchronizationRules":[]}
        """#.utf8)

    func run(_ check: SchemaCheck, csv: String, graph: FakeGraph) async throws -> (SyncOutcome, EventLog) {
        let workspace = try Workspace()
        let input = try workspace.write(csv, to: "users.csv")
        var job = uploadJob(input: input, workspace: workspace)
        job.schemaCheck = check
        let time = ManualTimeSource()
        let events = EventLog()
        let run = SyncRun(
            job: job, transport: graph.transport, tokens: FixedTokens(), time: time, events: events.record)
        return (await drivingClock(time) { await run.run() }, events)
    }

    static func withCustomColumn() -> String {
        usersCSV(3).split(separator: "\n").enumerated().map { index, line in
            line + (index == 0 ? ",\(hireDate)" : ",2020-01-0\(index)")
        }.joined(separator: "\n") + "\n"
    }

    @Test func anAttributeTheSchemaLacksStopsTheRunBeforeAnythingIsSent() async throws {
        let graph = FakeGraph()
        graph.schema = (200, Self.schema)
        let (outcome, events) = try await run(.refuse, csv: Self.withCustomColumn(), graph: graph)
        #expect(outcome.status == .dataError)
        #expect(graph.requests == 0 && graph.schemaReads == 1)
        #expect(events.errors.contains { $0.contains("\(Self.hireDate) (String)") && $0.contains("schema apply") })
    }

    @Test func ignoringUnknownAttributesWarnsAndSends() async throws {
        let graph = FakeGraph()
        graph.schema = (200, Self.schema)
        let (outcome, events) = try await run(.warn, csv: Self.withCustomColumn(), graph: graph)
        #expect(outcome.status == .success)
        #expect(graph.requests == 1)
        #expect(events.warnings.contains { $0.contains(Self.hireDate) })
    }

    @Test func aMappingTheSchemaCoversSendsWithoutAWord() async throws {
        let graph = FakeGraph()
        graph.schema = (200, Self.schema)
        let (outcome, events) = try await run(.refuse, csv: usersCSV(3), graph: graph)
        #expect(outcome.status == .success && graph.requests == 1)
        #expect(events.warnings.isEmpty, "\(events.warnings)")
    }

    @Test func anUnreadableSchemaIsOneWarningAndTheRunGoesOn() async throws {
        let graph = FakeGraph()
        graph.schema = (403, Data(#"{"error":{"code":"Authorization_RequestDenied","message":"no"}}"#.utf8))
        let (outcome, events) = try await run(.refuse, csv: Self.withCustomColumn(), graph: graph)
        #expect(outcome.status == .success && graph.requests == 1 && graph.schemaReads == 1)
        let warnings = events.warnings.filter { $0.contains("the job's schema could not be read") }
        #expect(warnings.count == 1 && warnings[0].contains("Synchronization.Read.All"), "\(events.warnings)")
    }
}
