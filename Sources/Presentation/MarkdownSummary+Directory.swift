import Basics
import Sync

/// The plan's unique values and, with `--directory`, its predictions in the tenant.
extension MarkdownSummary {
    /// The values SelectUniqueValue gave.
    static func unique(_ records: [PlanRecord], cap: Int) -> String {
        var rows: [[String]] = []
        for record in records {
            for (attribute, value) in (record.unique ?? [:]).sorted(by: { $0.key < $1.key }) {
                rows.append([record.line.map(String.init) ?? "", record.externalId, attribute, value])
            }
        }
        guard !rows.isEmpty else { return "" }
        return "\n### Unique values (\(rows.count))\n\n"
            + table(["line", "externalId", "attribute", "value"], Array(rows.prefix(cap))) + more(rows.count, cap)
    }

    /// `--directory`: the predicted outcomes, each finding (those that fail the record first), and what changes in
    /// existing accounts.
    static func directory(_ summary: DirectorySummary, _ records: [PlanRecord], cap: Int) -> String {
        var text = "\n### In the directory\n\n"
        let words = [
            ("create", "to create"), ("update", "to update"), ("noChange", "unchanged"), ("enable", "to enable"),
            ("disable", "to disable"), ("ambiguous", "ambiguous"),
        ]
        var counts: [[String]] = words.compactMap { key, word in summary.outcomes[key].map { [word, "\($0)"] } }
        counts.append(["would fail", "\(summary.failing)"])
        text += table(["", "records"], counts)
        text +=
            "\nMatched on \(cell(summary.matchingAttribute))"
            + (summary.fromSchema ? "" : " (the job's schema could not be read: default mappings assumed)")
            + "; \(plural(summary.usersRead, "user")) read in \(plural(summary.requests, "request")).\n"
        var failing: [[String]] = []
        var others: [[String]] = []
        var changes: [[String]] = []
        for record in records {
            guard let outcome = record.directory else { continue }
            let line = record.line.map(String.init) ?? ""
            for finding in outcome.findings ?? [] {
                let fails = finding.fails == true
                let row = [
                    line, record.externalId, outcome.outcome, fails ? "\(finding.kind) (fails)" : finding.kind,
                    finding.message,
                ]
                if fails { failing.append(row) } else { others.append(row) }
            }
            guard ["update", "enable", "disable"].contains(outcome.outcome) else { continue }
            for change in outcome.changes ?? [] {
                changes.append([
                    line, record.externalId, outcome.outcome, change.attribute, change.old ?? "(none)",
                    change.new ?? "(cleared)",
                ])
            }
        }
        let findings = failing + others
        if !findings.isEmpty {
            text += "\n### Directory findings (\(findings.count))\n\n"
            text +=
                table(["line", "externalId", "outcome", "finding", "detail"], Array(findings.prefix(cap)))
                + more(findings.count, cap)
        }
        if !changes.isEmpty {
            text += "\n### Changes to existing accounts (\(changes.count))\n\n"
            text +=
                table(["line", "externalId", "outcome", "attribute", "old", "new"], Array(changes.prefix(cap)))
                + more(changes.count, cap)
        }
        return text
    }
}
