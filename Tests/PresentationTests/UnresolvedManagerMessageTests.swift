import Foundation
import Graph
import Presentation
import TestSupport
import Testing

@testable import Sync

/// What `provision status` says about records that did not get their manager: a failed manager is named with its
/// error (not "had not been processed first"), and what a heal can and cannot fix is said.
@Suite struct UnresolvedManagerMessageTests {
    func entry(_ id: String, _ status: String, code: String? = nil) -> ProvisioningLogEntry {
        ProvisioningLogEntry(
            id: "r-\(id)", activityDateTime: Date(timeIntervalSince1970: 1_800_000_600), externalId: id,
            displayName: nil, action: "create", status: status, errorCode: code,
            reason: code.map { _ in "Another User already has userPrincipalName 'a@contoso.com'." },
            recommendedAction: nil, cycleId: nil)
    }

    func printed(_ outcome: StatusRun.Outcome, heal: ReferenceHealer.Outcome? = nil, json: Bool = false) -> String {
        let captured = Captured()
        var choices = OutputChoices()
        choices.json = json
        StatusPrinter(console: Console(out: { captured.append($0) }, err: { captured.append($0) }), choices: choices)
            .print(outcome, heal: heal)
        return captured.text
    }

    func outcome() -> StatusRun.Outcome {
        let header = Journal.Header(
            input: "hr/export.csv", inputDigest: "aa", mapping: nil, mappingDigest: nil, optionsDigest: "o",
            batches: 1, endpoint: "e", jobId: "API2AAD.x.job", startedAt: Date(timeIntervalSince1970: 1_800_000_000),
            delimiter: nil, encoding: nil, records: 5)
        let unresolved = entry("R1", "warning", code: ReferenceHealer.errorCode)
        let summary = StatusSummary(
            uploaded: [("M1", 2), ("R1", 3), ("R2", 4), ("M2", 5), ("R3", 6)],
            entries: [
                entry("M1", "failure", code: "AzureActiveDirectoryConflictingObjects"), unresolved,
                ProvisioningLogEntry(
                    id: "r-R2", activityDateTime: unresolved.activityDateTime, externalId: "R2", displayName: nil,
                    action: "create", status: "warning", errorCode: ReferenceHealer.errorCode, reason: nil,
                    recommendedAction: nil, cycleId: nil),
                entry("M2", "success"),
                ProvisioningLogEntry(
                    id: "r-R3", activityDateTime: unresolved.activityDateTime, externalId: "R3", displayName: nil,
                    action: "create", status: "warning", errorCode: ReferenceHealer.errorCode, reason: nil,
                    recommendedAction: nil, cycleId: nil),
            ])
        let diagnosed = [
            UnresolvedReference(
                externalId: "R1", line: 3, manager: "M1", managerEntry: summary.newestEntry(of: "M1")),
            UnresolvedReference(
                externalId: "R2", line: 4, manager: "M1", managerEntry: summary.newestEntry(of: "M1")),
            UnresolvedReference(
                externalId: "R3", line: 6, manager: "M2", managerEntry: summary.newestEntry(of: "M2")),
        ]
        return StatusRun.Outcome(header: header, summary: summary, status: .someRowsFailed, unresolved: diagnosed)
    }

    @Test func aReportWhoseManagerFailedSaysSoWithTheCode() {
        let text = printed(outcome())
        #expect(
            text.contains(
                "externalId \"R1\" (line 3) could not be given its manager \"M1\" because the manager failed "
                    + "(AzureActiveDirectoryConflictingObjects: Another User already has userPrincipalName "
                    + "'a@contoso.com'.): sending the manager again meets the same failure, so a heal cannot fix it"),
            "\(text)")
        #expect(text.contains("externalId \"R2\" (line 4) could not be given its manager \"M1\""))
        #expect(
            text.contains(
                "1 record could not be given a manager (UnableToResolveReferenceAttributeValue: the manager had not "
                    + "been processed when it was)"), "\(text)")
        #expect(!text.contains("had not been processed first"))
    }

    @Test func theJSONNamesTheManagerAndItsFailure() throws {
        let text = printed(outcome(), json: true)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let unresolved = try #require(object["unresolvedManagers"] as? [[String: Any]])
        #expect(unresolved.first?["manager"] as? String == "M1")
        #expect(
            (unresolved.first?["managerFailed"] as? String)?.hasPrefix("AzureActiveDirectoryConflictingObjects") == true
        )
        #expect(unresolved.last?["managerFailed"] == nil)
    }

    @Test func aHealSaysWhichItLeftAndWhy() throws {
        var heal = ReferenceHealer.Outcome()
        heal.notHealable = [("R1", "M1", "its manager \"M1\" failed (AzureActiveDirectoryConflictingObjects)")]
        let text = printed(outcome(), heal: heal)
        #expect(text.contains("not healed: externalId \"R1\": its manager \"M1\" failed"), "\(text)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(printed(outcome(), heal: heal, json: true).utf8))
                as? [String: Any])
        let left = (json["heal"] as? [String: Any])?["notHealable"] as? [[String: Any]]
        #expect(left?.first?["externalId"] as? String == "R1")
        #expect(left?.first?["manager"] as? String == "M1")
        #expect(heal.status == .someRowsFailed)
    }
}
