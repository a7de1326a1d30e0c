import Foundation
import TestSupport
import Testing

/// Managers first, by arrival: with a deep reporting tree and a slow service, a report's batch is sent while its
/// managers' batch is still unanswered, and the service (which processes in arrival order) must still resolve every
/// manager reference.
@Suite struct ManagersFirstIntegrationTests {
    /// Row i (from 1) reports to row (i - 1) / 8: five levels in 1,500 rows, each batch waiting for the one before.
    static func writeTree(_ count: Int, to url: URL) throws {
        var text =
            "externalId,userName,displayName,active,"
            + "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value\n"
        for index in 1...count {
            let manager = index == 1 ? "" : "T\((index - 2) / 8 + 1)"
            text += "T\(index),tree\(index)@contoso.com,Tree \(index),true,\(manager)\n"
        }
        try Data(text.utf8).write(to: url)
    }

    @Test func everyManagerReferenceResolvesWhenReportsStartOnTheirManagersArrival() async throws {
        let emulator = try EmulatorProcess([
            "--rate", "40/1s", "--latency", "500", "--log-delay", "0", "--logs-rate", "100/1s", "--page-size", "1000",
            // Processed 2 s after arrival, in arrival order: a handler that a loaded machine holds back (the whole
            // suite on two cores) can no longer reorder the records, so what is measured is the client's order.
            "--process-delay", "2",
        ])
        let workspace = try Workspace()
        let input = workspace.url("tree.csv")
        try Self.writeTree(1500, to: input)
        let report = workspace.url("report.json")
        let environment = emulator.environment
        let upload = try await BinaryRunner.run(
            ["upload", input.path, "--report", report.path], environment: environment)
        #expect(upload.status == 0, "\(upload.stderr)")
        #expect(try emulator.stats()["uniqueRecords"] == 1500)
        let status = try await BinaryRunner.run(
            ["status", "--report", report.path, "--json", "--wait", "60s", "--poll-interval", "1s"],
            environment: environment)
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let byStatus = json?["byStatus"] as? [String: Int] ?? [:]
        #expect(json?["records"] as? Int == 1500)
        // Arrival on loopback is the kernel's stamp, taken while the client's send returns; a report's batch starts
        // only after its managers' bodies were sent, so in arrival order every reference resolves.
        #expect(byStatus["success"] == 1500, "unresolved manager references: \(byStatus)")
    }
}
