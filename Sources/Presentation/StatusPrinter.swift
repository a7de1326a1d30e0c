import Basics
import Foundation
import Graph
import Sync

/// `provision status` and `upload --wait`: the per-record outcomes the logs gave, and what a heal did.
package struct StatusPrinter {
    let console: Console
    let choices: OutputChoices

    package init(console: Console, choices: OutputChoices) {
        self.console = console
        self.choices = choices
    }

    /// Every record is listed by default on a terminal when a run has at most this many (else `--all`).
    package static let listThreshold = 50

    /// The outcome, and what the heal (`--heal`) did: JSON with `--json`, else a summary and the failures (every
    /// record with `--all`, or on a terminal for a run of at most `listThreshold` records).
    package func print(_ outcome: StatusRun.Outcome, heal: ReferenceHealer.Outcome?) {
        let summary = outcome.summary
        let header = outcome.header
        let unresolved = ReferenceHealer.candidates(summary)
        if choices.json {
            var object: [String: Any] = [
                "input": header.input, "jobId": header.jobId,
                "uploadedAt": ISO8601DateFormatter().string(from: header.startedAt),
                "records": summary.records.count, "byStatus": summary.byStatus, "byAction": summary.byAction,
                "pending": summary.pending.count,
                "failures": summary.failures.sorted { $0.line < $1.line }.map { record -> [String: Any] in
                    var object: [String: Any] = [
                        "externalId": record.externalId, "line": record.line, "action": record.entry?.action ?? "",
                        "errorCode": record.entry?.errorCode ?? "", "reason": record.entry?.reason ?? "",
                        "recommendedAction": record.entry?.recommendedAction ?? "",
                    ]
                    // After the export was replaced: whether `line` is still the uploaded file's.
                    if let old = outcome.linesOfUploadedFile {
                        object["lineOfUploadedFile"] = old.contains(record.externalId)
                    }
                    return object
                },
                "outcomes": summary.records.sorted { $0.line < $1.line }.map(Self.json),
                "unresolvedManagers": unresolved.map { record -> [String: Any] in
                    var entry: [String: Any] = ["externalId": record.externalId, "line": record.line]
                    let diagnosis = outcome.unresolved.first { $0.externalId == record.externalId }
                    if let manager = diagnosis?.manager { entry["manager"] = manager }
                    if let failure = diagnosis?.managerFailure { entry["managerFailed"] = failure }
                    return entry
                },
                "exitStatus": Int((heal.map { outcome.status(after: $0) } ?? outcome.status).rawValue),
            ]
            if let heal { object["heal"] = Self.json(heal) }
            let data =
                (try? JSONSerialization.data(
                    withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            console.out(String(decoding: data, as: UTF8.self) + "\n")
            return
        }
        let counts = ["success", "warning", "failure", "skipped"].map { "\(summary.byStatus[$0] ?? 0) \($0)" }.joined(
            separator: ", ")
        console.line(
            "\(header.input): \(plural(summary.records.count, "record")) uploaded: \(counts), \(summary.pending.count) "
                + "pending"
        )
        if !summary.byAction.isEmpty {
            console.line(
                "actions: "
                    + summary.byAction.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(
                        separator: ", "))
        }
        let listed =
            choices.listAll || (console.outIsTerminal && summary.records.count <= Self.listThreshold && !choices.quiet)
        if listed {
            for record in summary.records.sorted(by: { $0.line < $1.line }) {
                console.line(Self.line(record, at: outcome.location(of: record)))
            }
        }
        let failures = listed ? [] : summary.failures.sorted { $0.line < $1.line }
        let limit = choices.maxProblems
        let shown = limit == 0 ? failures.count : min(limit ?? 20, failures.count)
        for record in failures.prefix(shown) { console.line(Self.line(record, at: outcome.location(of: record))) }
        if shown < failures.count {
            let more = failures.count - shown
            console.line(
                "… and \(more) more failure\(more == 1 ? "" : "s") (all of them with --max-problems 0, --all, --json, "
                    + "--junit FILE or --failed FILE)"
            )
        }
        if let heal {
            for id in heal.healed {
                console.line("healed: externalId \"\(id)\": sent again after its manager, now a success")
            }
            for (id, reason) in heal.stillFailing { console.line("still failing: externalId \"\(id)\": \(reason)") }
            for (id, manager) in heal.managerUnknown {
                let who = manager.map { "its manager \"\($0)\" is" } ?? "it names no manager, or its manager is"
                console.line(
                    "not healed: externalId \"\(id)\": \(who) not known to this job (neither in the input nor in the "
                        + "state); upload the manager, then run 'provision status --heal' again"
                )
            }
            for (id, _, reason) in heal.notHealable { console.line("not healed: externalId \"\(id)\": \(reason)") }
            for id in heal.pending {
                console.line(
                    "pending: externalId \"\(id)\": the logs had not shown the outcome when the wait ended (--wait)")
            }
        } else if !unresolved.isEmpty {
            printUnresolved(unresolved.count, diagnosed: outcome.unresolved)
        }
    }

    /// Records without their manager: those whose manager failed, each with the manager's error; then the others,
    /// whose manager had not been processed when they were.
    private func printUnresolved(_ count: Int, diagnosed: [UnresolvedReference]) {
        let failed = diagnosed.filter(\.managerFailed)
        for record in failed {
            let fix =
                record.managerFailedForGood
                ? "sending the manager again meets the same failure, so a heal cannot fix it: fix the manager's "
                    + "record (or the object it conflicts with) and upload it"
                : "'provision status --heal' sends the manager again, waits for it, then this record"
            console.line(
                "externalId \"\(record.externalId)\" (line \(record.line)) could not be given its manager "
                    + "\"\(record.manager ?? "")\" because the manager failed (\(record.managerFailure ?? "failure")): \(fix)"
            )
        }
        let others = count - failed.count
        guard others > 0 else { return }
        console.line(
            "\(plural(others, "record")) could not be given a manager (UnableToResolveReferenceAttributeValue: the "
                + "manager had not been processed when \(others == 1 ? "it was" : "they were")): 'provision status "
                + "--heal' sends each manager, waits for it, then the record again"
        )
    }

    /// The service's recommended action as a sentence of its own after `text`; nothing when it is blank or "None"
    /// (a "None; …" keeps only what follows).
    static func appending(recommendation: String?, to text: String) -> String {
        guard var action = recommendation?.trimmingCharacters(in: .whitespaces), !action.isEmpty else { return text }
        if action == "None" || action == "None." { return text }
        for none in ["None.", "None;", "None,", "None:"] where action.hasPrefix(none) {
            action = action.dropFirst(none.count).trimmingCharacters(in: .whitespaces)
            guard let first = action.first else { return text }
            action = first.uppercased() + action.dropFirst()
            break
        }
        let stop = text.last.map { ".!?".contains($0) } ?? true ? "" : "."
        return "\(text)\(stop) Recommended action: \(action)"
    }

    /// One record and its outcome: `FILE:LINE: STATUS: externalId "ID" (ACTION)`, with the error, reason and
    /// recommended action when the row has them; `pending` when the logs have no row for it yet.
    static func line(_ record: StatusSummary.Record, at place: String) -> String {
        guard let entry = record.entry else {
            return "\(place): pending: externalId \"\(record.externalId)\": no log row yet"
        }
        var text = "\(place): \(entry.status): externalId \"\(record.externalId)\" (\(entry.action))"
        if entry.status == "failure" || entry.errorCode != nil {
            text += ": \(entry.errorCode ?? "error")"
            if let reason = entry.reason { text += ": \(reason)" }
            text = appending(recommendation: entry.recommendedAction, to: text)
        }
        return text
    }

    /// A record in `--json`'s `outcomes`: `status` is the row's, or `pending` without one.
    private static func json(_ record: StatusSummary.Record) -> [String: Any] {
        var object: [String: Any] = [
            "externalId": record.externalId, "line": record.line, "status": record.entry?.status ?? "pending",
        ]
        if let entry = record.entry {
            object["action"] = entry.action
            object["activityDateTime"] = ISO8601DateFormatter().string(from: entry.activityDateTime)
            if let code = entry.errorCode { object["errorCode"] = code }
            if let reason = entry.reason { object["reason"] = reason }
            if let action = entry.recommendedAction { object["recommendedAction"] = action }
        }
        return object
    }

    private static func json(_ heal: ReferenceHealer.Outcome) -> [String: Any] {
        [
            "healed": heal.healed,
            "stillFailing": heal.stillFailing.map { ["externalId": $0.externalId, "reason": $0.reason] },
            "managerUnknown": heal.managerUnknown.map { ["externalId": $0.externalId, "manager": $0.manager ?? ""] },
            "notHealable": heal.notHealable.map {
                ["externalId": $0.externalId, "manager": $0.manager, "reason": $0.reason]
            },
            "pending": heal.pending,
        ]
    }
}
