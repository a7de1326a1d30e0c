import Foundation
import Mapping
import Sync

/// `plan --junit FILE`: one test case per record of the plan, so that a CI job shows before the upload who would
/// fail: an invalid row is a failure with its errors; with `--directory`, a record predicted to fail is a failure
/// with its findings, and other findings (a manager outside the job, a rename) are printed with the record.
extension JUnitReport {
    package static func plan(_ plan: PlanFile, problems: [Problem]) -> String {
        let records = (plan.records ?? []).filter { $0.action != "leaver" }
        var errors: [Int: [String]] = [:]
        for problem in problems where problem.severity == .error {
            errors[problem.line, default: []].append(problem.message)
        }
        var cases: [String] = []
        var failures = 0
        for record in records {
            let name = "\(record.externalId)" + (record.line.map { " (line \($0))" } ?? " (leaver)")
            var xml =
                "    <testcase classname=\"\(escape("provision.plan.\(record.action)"))\" name=\"\(escape(name))\""
            let outcome = record.directory
            if record.action == "invalid" {
                failures += 1
                let messages = record.line.flatMap { errors[$0] } ?? ["invalid row"]
                xml +=
                    ">\n      <failure type=\"invalid\" message=\"\(escape(messages[0]))\">"
                    + escape(messages.joined(separator: "\n")) + "</failure>\n    </testcase>\n"
            } else if let outcome, outcome.fails == true {
                failures += 1
                let failing = (outcome.findings ?? []).filter { $0.fails == true }
                xml +=
                    ">\n      <failure type=\"\(escape(failing.first?.kind ?? "directory"))\" "
                    + "message=\"\(escape(failing.first?.message ?? outcome.outcome))\">"
                    + escape("\(outcome.outcome): " + failing.map(\.message).joined(separator: "\n"))
                    + "</failure>\n    </testcase>\n"
            } else if let findings = outcome?.findings, !findings.isEmpty {
                let text = findings.map { "\($0.kind): \($0.message)" }.joined(separator: "\n")
                xml += ">\n      <system-out>\(escape(text))</system-out>\n    </testcase>\n"
            } else {
                xml += "/>\n"
            }
            cases.append(xml)
        }
        let suite = "provision plan \(plan.input.path)"
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += "<testsuites name=\"provision\" tests=\"\(records.count)\" failures=\"\(failures)\">\n"
        xml +=
            "  <testsuite name=\"\(escape(suite))\" tests=\"\(records.count)\" failures=\"\(failures)\" "
            + "timestamp=\"\(ISO8601DateFormatter().string(from: plan.createdAt))\">\n"
        xml += cases.joined()
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }
}
