import Foundation
import Graph
import Presentation
import Sync
import TestSupport
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The Markdown summaries and the JUnit report, compared with golden files (regenerate with UPDATE_GOLDEN=1).
@Suite struct ReportGoldenTests {
    static let directory = repositoryRoot.appendingPathComponent("Tests/SyncTests/Fixtures")

    func compare(_ actual: String, golden name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Golden.check(actual, against: name, in: Self.directory, sourceLocation: sourceLocation)
    }

    /// A plan of a delta run: E3 changed department, E7 is new, E9 left, line 6 invalid.
    func samplePlan() -> PlanFile {
        let records = [
            PlanRecord(action: "unchanged", externalId: "E1", line: 2, changes: nil),
            PlanRecord(
                action: "changed", externalId: "E3", line: 4,
                changes: [
                    .init(
                        attribute: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                        old: "Sales", new: "Sales | EMEA"),
                    .init(attribute: "title", old: nil, new: "<Lead>"),
                ]),
            PlanRecord(action: "invalid", externalId: "E5", line: 6, changes: nil),
            PlanRecord(action: "new", externalId: "E7", line: 8, changes: nil),
            PlanRecord(action: "disable", externalId: "E9", line: nil, changes: nil, displayName: "Ida Nine"),
        ]
        var plan = PlanFile(
            createdAt: Date(timeIntervalSince1970: 1_800_000_000),
            target: .init(
                endpoint: "https://graph.microsoft.com/v1.0/servicePrincipals/sp-1/synchronization/jobs/API2AAD.j1/"
                    + "bulkUpload", servicePrincipalId: "sp-1", jobId: "API2AAD.j1", tenant: "contoso.onmicrosoft.com"),
            input: .init(path: "hr/export.csv", sha256: "aa"),
            mapping: nil, state: .init(path: "state.jsonl", sha256: "bb"),
            options: .init(
                batchSize: 50, emptyAsNull: false, delimiter: nil, encoding: nil, full: false,
                missing: "disable", maxDisable: "5%", allowEmptyExport: false),
            counts: .init(
                rows: 4, valid: 3, invalid: 1, new: 1, changed: 1, unchanged: 1, leavers: 1,
                leaversToDisable: 1, recordsToSend: 3, requests: 1),
            quota: .init(requests: 1, shareOfP1P2: 0.0005, shareOfGovernance: 1.0 / 6000),
            recordsDigest: PlanRecord.digest(records), records: records)
        plan.disables = [
            Transition(externalId: "E9", displayName: "Ida Nine", line: nil, reason: "missing from the export"),
            Transition(externalId: "E1", displayName: "Al | One", line: 2, reason: "active true → false"),
        ]
        plan.renames = [
            Transition(
                externalId: "E3", displayName: "Cy Three", line: 4,
                reason: "userName cy@contoso.com → cy@fabrikam.com", from: "cy@contoso.com", to: "cy@fabrikam.com")
        ]
        return plan
    }

    func sampleOutcome() -> StatusRun.Outcome {
        let header = Journal.Header(
            input: "hr/export.csv", inputDigest: "aa", mapping: nil, mappingDigest: nil, optionsDigest: "o",
            batches: 1, endpoint: "e", jobId: "API2AAD.x.job", startedAt: Date(timeIntervalSince1970: 1_800_000_000),
            delimiter: nil, encoding: nil, records: 4)
        func entry(_ id: String, _ status: String, code: String? = nil) -> ProvisioningLogEntry {
            ProvisioningLogEntry(
                id: "r-\(id)", activityDateTime: Date(timeIntervalSince1970: 1_800_000_600), externalId: id,
                displayName: nil, action: "create", status: status, errorCode: code,
                reason: code == nil ? nil : "The value \"x&y\" is not a valid UPN.",
                recommendedAction: code == nil ? nil : "Fix the userName <in the export>.", cycleId: "c1")
        }
        let summary = StatusSummary(
            uploaded: [("E1", 2), ("E4", 5), ("E3", 4), ("E8", 9)],
            entries: [
                entry("E1", "success"), entry("E4", "failure", code: "AzureActiveDirectoryInvalidUserPrincipalName"),
                entry("E3", "skipped"),
            ])
        return StatusRun.Outcome(header: header, summary: summary, status: .someRowsFailed)
    }

    @Test func planMarkdown() throws {
        try compare(
            MarkdownSummary.plan(
                samplePlan(),
                problems: [
                    .init(
                        line: 6, externalId: "E5", column: "active", severity: .error,
                        message: "\"perhaps\" is not a boolean")
                ]), golden: "plan.md")
    }

    @Test func statusMarkdownOrdersFailuresByLine() throws {
        try compare(MarkdownSummary.status(sampleOutcome()), golden: "status.md")
    }

    @Test func uploadMarkdownCapsLongListsWithACount() throws {
        var report = RunReport(
            version: "test", command: "upload", input: "hr/export.csv", startedAt: Date(timeIntervalSince1970: 0))
        report.rows = 120
        report.accepted = 100
        report.rejected = 0
        report.failed = 20
        report.notSent = 20
        report.exitStatus = 75
        report.stopReason = "stopped after 2 requests (--max-requests)"
        report.disables = (1...5).map {
            Transition(externalId: "E\($0)", displayName: "User \($0)", line: $0 + 1, reason: "active true → false")
        }
        let changed = (1...60).map { index in
            PlanRecord(
                action: "changed", externalId: "E\(index)", line: index + 1,
                changes: [
                    .init(attribute: "displayName", old: "User \(index)", new: "User \(index) Jr")
                ])
        }
        try compare(MarkdownSummary.upload(report, records: changed, cap: 3), golden: "upload.md")
    }

    /// Server and export text with Markdown links and images (`[click](javascript:…)`) and a bidirectional
    /// override were copied verbatim into `--summary-md` and GITHUB_STEP_SUMMARY; now they show as written.
    @Test func markdownLinksImagesAndBidiControlsInQuotedTextAreEscaped() {
        let header = Journal.Header(
            input: "hr/[x](javascript:alert(1)).csv", inputDigest: "aa", mapping: nil, mappingDigest: nil,
            optionsDigest: "o", batches: 1, endpoint: "e", jobId: "j", startedAt: Date(timeIntervalSince1970: 0),
            delimiter: nil, encoding: nil, records: 1)
        let entry = ProvisioningLogEntry(
            id: "r", activityDateTime: Date(timeIntervalSince1970: 60), externalId: "E\u{202E}1", displayName: nil,
            action: "create", status: "failure", errorCode: "Code!", reason: "[click](javascript:alert(1))",
            recommendedAction: "![pixel](https://evil.test/p.png) or \\[not a link\\]", cycleId: "c")
        let outcome = StatusRun.Outcome(
            header: header, summary: StatusSummary(uploaded: [("E\u{202E}1", 2)], entries: [entry]),
            status: .someRowsFailed)
        let text = MarkdownSummary.status(outcome)
        #expect(text.contains("## provision status: hr/\\[x\\]\\(javascript:alert\\(1\\)\\).csv"), "\(text)")
        #expect(text.contains(#"| \[click\]\(javascript:alert\(1\)\) |"#), "\(text)")
        #expect(text.contains(#"\!\[pixel\]\(https://evil.test/p.png\) or \\\[not a link\\\]"#), "\(text)")
        #expect(text.contains(#"| E\u{202E}1 |"#), "\(text)")
        #expect(text.contains(#"| Code\! |"#), "\(text)")
        #expect(!text.unicodeScalars.contains("\u{202E}"))
        // No bracket, parenthesis or bang is left unescaped anywhere in a table row.
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let scalars = Array(line.unicodeScalars)
            var escaped = false
            for scalar in scalars {
                if !escaped, "[]()!".unicodeScalars.contains(scalar) { Issue.record("unescaped \(scalar) in \(line)") }
                escaped = !escaped && scalar == "\\"
            }
        }
    }

    @Test func junitHasOneTestCasePerRecordInLineOrder() throws {
        let xml = JUnitReport.xml(sampleOutcome())
        try compare(xml, golden: "status-junit.xml")
        #expect(xml.contains(#"tests="4" failures="1" skipped="2""#))
        // The XML parses.
        #expect(XMLParser(data: Data(xml.utf8)).parse())
    }
}
