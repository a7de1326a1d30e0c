import Basics
import Foundation
import Mapping
import Sync
import Transport

/// `--summary-md FILE`: a Markdown report a person reads (a pull request, a CI job page): counts, who is disabled or
/// renamed (by name and why), the changed attributes (old → new), leavers, and failures with their input line, externalId and reason. Long lists are cut
/// at `cap` rows with a count of the rest.
package enum MarkdownSummary {
    /// What `provision plan` would do.
    package static func plan(_ plan: PlanFile, problems: [Problem], cap: Int = 50) -> String {
        var text = "## provision plan: \(cell(plan.input.path))\n\n"
        if let target = plan.target {
            text +=
                "For job \(cell(target.jobId)) of service principal \(cell(target.servicePrincipalId))"
                + (target.tenant.map { " in tenant \(cell($0))" } ?? "") + ".\n\n"
        }
        let counts = plan.counts
        text += table(
            ["", "records"],
            [
                ["rows", "\(counts.rows)"], ["valid", "\(counts.valid)"], ["invalid", "\(counts.invalid)"],
                ["new", "\(counts.new)"], ["changed", "\(counts.changed)"], ["unchanged", "\(counts.unchanged)"],
                ["leavers", "\(counts.leavers)"], ["to disable", "\(counts.leaversToDisable)"],
                ["to send", "\(counts.recordsToSend)"],
            ])
        text +=
            "\n\(plural(counts.requests, "request")): "
            + "\(percent(plan.quota.shareOfP1P2)) of a 2,000/day quota (Entra ID P1/P2), "
            + "\(percent(plan.quota.shareOfGovernance)) of 6,000/day (Governance).\n"
        text += transitions(plan.disables ?? [], plan.renames ?? [], cap: cap)
        text += changes(plan.records ?? [], cap: cap)
        text += leavers(plan.records ?? [], cap: cap)
        text += unique(plan.records ?? [], cap: cap)
        if let directory = plan.directory { text += self.directory(directory, plan.records ?? [], cap: cap) }
        text += invalid(problems, cap: cap)
        return text
    }

    /// What `provision upload` did (`records`: the plan records of the run, for its changed attributes).
    package static func upload(_ report: RunReport, records: [PlanRecord], cap: Int = 50) -> String {
        var text = "## provision upload: \(cell(report.input))\n\n"
        var rows = [
            ["rows", "\(report.rows)"], ["accepted", "\(report.accepted ?? 0)"],
            ["rejected", "\(report.rejected ?? 0)"],
            ["failed", "\((report.failed ?? 0) - (report.notSent ?? 0))"], ["not sent", "\(report.notSent ?? 0)"],
            ["invalid", "\(report.invalid)"],
        ]
        if let unchanged = report.unchanged { rows.append(["unchanged", "\(unchanged)"]) }
        if let disabled = report.leaversDisabled { rows.append(["leavers disabled", "\(disabled)"]) }
        text += table(["", "records"], rows)
        text += "\nExit status \(report.exitStatus)"
        if let reason = report.stopReason { text += ": \(cell(reason))" }
        text += ".\n"
        text += transitions(report.disables ?? [], report.renames ?? [], cap: cap)
        text += changes(records, cap: cap)
        text += leavers(records, cap: cap)
        let failed = report.batches.filter { $0.status == "rejected" || $0.status == "failed" }
        if !failed.isEmpty {
            text += "\n### Batches not accepted (\(failed.count))\n\n"
            text += table(
                ["batch", "first line", "records", "status", "error"],
                failed.prefix(cap).map { batch in
                    [
                        "\(batch.index)", "\(batch.firstLine)", "\(batch.records)", batch.status ?? "",
                        batch.error.map { "\($0.code): \($0.message)" } ?? "",
                    ]
                })
            text += more(failed.count, cap)
        }
        text += invalid(report.problems, cap: cap)
        return text
    }

    /// What the provisioning logs said (`provision status`).
    package static func status(_ outcome: StatusRun.Outcome, cap: Int = 50) -> String {
        let summary = outcome.summary
        var text = "## provision status: \(cell(outcome.header.input))\n\n"
        text += table(
            ["outcome", "records"],
            ["success", "warning", "failure", "skipped"].map {
                [$0, "\(summary.byStatus[$0] ?? 0)"]
            } + [["pending", "\(summary.pending.count)"]])
        let failures = summary.failures.sorted { $0.line < $1.line }
        if !failures.isEmpty {
            text += "\n### Failures (\(failures.count))\n\n"
            text += table(
                ["line", "externalId", "error", "reason", "recommended action"],
                failures.prefix(cap).map {
                    [
                        outcome.lineText(of: $0), $0.externalId, $0.entry?.errorCode ?? "", $0.entry?.reason ?? "",
                        $0.entry?.recommendedAction ?? "",
                    ]
                })
            text += more(failures.count, cap)
        }
        return text
    }

    private static func changes(_ records: [PlanRecord], cap: Int) -> String {
        let rows = records.filter { $0.action == "changed" }.flatMap { record in
            (record.changes ?? []).map {
                [
                    record.line.map(String.init) ?? "", record.externalId, $0.attribute,
                    $0.old ?? "(none)", $0.new ?? "(none)",
                ]
            }
        }
        guard !rows.isEmpty else { return "" }
        return "\n### Changed attributes (\(rows.count))\n\n"
            + table(["line", "externalId", "attribute", "old", "new"], Array(rows.prefix(cap))) + more(rows.count, cap)
    }

    private static func leavers(_ records: [PlanRecord], cap: Int) -> String {
        let leavers = records.filter { $0.action == "disable" || $0.action == "leaver" }
        guard !leavers.isEmpty else { return "" }
        return "\n### Leavers (\(leavers.count))\n\n"
            + table(
                ["externalId", "displayName", "what happens"],
                leavers.prefix(cap).map {
                    [
                        $0.externalId, $0.displayName ?? "",
                        $0.action == "disable" ? "disabled (active: false)" : "reported only",
                    ]
                }) + more(leavers.count, cap)
    }

    /// Everyone disabled (missing, active turning false, sent inactive) and renamed, by name and why.
    private static func transitions(_ disables: [Transition], _ renames: [Transition], cap: Int) -> String {
        var text = ""
        if !disables.isEmpty {
            text += "\n### Disables (\(disables.count))\n\n"
            text +=
                table(
                    ["line", "externalId", "displayName", "why"],
                    disables.prefix(cap).map {
                        [$0.line.map(String.init) ?? "", $0.externalId, $0.displayName ?? "", $0.reason]
                    }) + more(disables.count, cap)
        }
        if !renames.isEmpty {
            text += "\n### Renames (\(renames.count))\n\n"
            text +=
                table(
                    ["line", "externalId", "displayName", "old userName", "new userName"],
                    renames.prefix(cap).map {
                        [
                            $0.line.map(String.init) ?? "", $0.externalId, $0.displayName ?? "", $0.from ?? "",
                            $0.to ?? "",
                        ]
                    }) + more(renames.count, cap)
        }
        return text
    }

    private static func invalid(_ problems: [Problem], cap: Int) -> String {
        let errors = problems.filter { $0.severity == .error }
        guard !errors.isEmpty else { return "" }
        return "\n### Invalid rows (\(errors.count) shown)\n\n"
            + table(
                ["line", "externalId", "column", "reason"],
                errors.prefix(cap).map {
                    ["\($0.line)", $0.externalId ?? "", $0.column ?? "", $0.message]
                }) + more(errors.count, cap)
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var text = "| " + header.map(cell).joined(separator: " | ") + " |\n"
        text += "|" + header.map { _ in " --- |" }.joined() + "\n"
        for row in rows { text += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        return text
    }

    static func more(_ count: Int, _ cap: Int) -> String {
        count > cap ? "\n… and \(count - cap) more.\n" : ""
    }

    private static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// Table-safe text quoted from the export or a server: one line, no HTML, and no Markdown a reader could be
    /// tricked by: pipes, backslashes and the link and image brackets (`[`, `]`, `(`, `)`, `!`) are escaped, so
    /// `[click](javascript:…)` shows as written instead of becoming a link; controls are dropped, bidirectional
    /// controls and line separators shown as `\u{…}` (as the console shows them).
    static func cell(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        // Scalar by scalar: a combining mark after `[` makes another Character, but Markdown still sees the bracket.
        for scalar in text.unicodeScalars {
            switch scalar {
            case "|", "\\", "[", "]", "(", ")", "!", "`": out.append(contentsOf: "\\\(scalar)".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "\n", "\r", "\t": out.append(" ")
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
                if ServerText.needsEscape(scalar) {
                    out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
                } else {
                    out.append(scalar)
                }
            }
        }
        return String(out)
    }
}
