import Foundation
import Sync
import Transport

/// `status --junit FILE`: one test case per uploaded record, so that GitHub, GitLab and Jenkins show the people who
/// failed natively. A failure carries the service's error code, reason and recommended action; a record still
/// without a log row is skipped.
package enum JUnitReport {
    package static func xml(_ outcome: StatusRun.Outcome) -> String {
        let summary = outcome.summary
        let records = summary.records.sorted { $0.line < $1.line }
        let failures = records.count { $0.entry?.status == "failure" }
        let skipped = records.count { $0.entry == nil || $0.entry?.status == "skipped" }
        let suite = "provision status \(outcome.header.input)"
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml +=
            "<testsuites name=\"provision\" tests=\"\(records.count)\" failures=\"\(failures)\" "
            + "skipped=\"\(skipped)\">\n"
        xml +=
            "  <testsuite name=\"\(escape(suite))\" tests=\"\(records.count)\" failures=\"\(failures)\" "
            + "skipped=\"\(skipped)\" timestamp=\"\(ISO8601DateFormatter().string(from: outcome.header.startedAt))\">\n"
        for record in records {
            let uploadedLine = outcome.linesOfUploadedFile?.contains(record.externalId) == true
            let name = "\(record.externalId) (line \(record.line)\(uploadedLine ? " of the uploaded file" : ""))"
            xml += "    <testcase classname=\"\(escape("provision.\(outcome.header.jobId)"))\" name=\"\(escape(name))\""
            guard let entry = record.entry else {
                xml += ">\n      <skipped message=\"no provisioning log row yet\"/>\n    </testcase>\n"
                continue
            }
            switch entry.status {
            case "failure":
                let code = entry.errorCode ?? "failure"
                let message = [code, entry.reason].compactMap { $0 }.joined(separator: ": ")
                var body = "\(entry.action): \(message)"
                if let action = entry.recommendedAction { body += "\nRecommended action: \(action)" }
                xml +=
                    ">\n      <failure type=\"\(escape(code))\" message=\"\(escape(message))\">"
                    + escape(body) + "</failure>\n    </testcase>\n"
            case "skipped":
                xml +=
                    ">\n      <skipped message=\"\(escape(entry.reason ?? "skipped by the service"))\"/>\n"
                    + "    </testcase>\n"
            case "warning":
                xml +=
                    ">\n      <system-out>\(escape("\(entry.action): warning \(entry.reason ?? "")"))</system-out>\n"
                    + "    </testcase>\n"
            default:
                xml += "/>\n"
            }
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// XML text and attribute escaping. Text quoted from the export or a server (a directory user's name) is shown as
    /// the console shows it: controls, line separators and bidirectional controls as `\u{…}`, so that a CI page
    /// cannot be made to print a name backwards or hide part of it; characters XML 1.0 cannot hold are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if ServerText.needsEscape(scalar) {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else if !(0xFFFE...0xFFFF).contains(scalar.value) {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
