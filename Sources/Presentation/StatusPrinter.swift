import Foundation
import Sync

/// `provision status` and `upload --wait`: the per-record outcomes the logs gave, and what a heal did.
public struct StatusPrinter {
    let console: Console
    let choices: OutputChoices

    public init(console: Console, choices: OutputChoices) {
        self.console = console
        self.choices = choices
    }

    /// The outcome, and what the heal (`--heal`) did: JSON with `--json`, else a summary and the failures.
    public func print(_ outcome: StatusRun.Outcome, heal: ReferenceHealer.Outcome?) {
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
                "unresolvedManagers": unresolved.map { ["externalId": $0.externalId, "line": $0.line] },
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
        let failures = summary.failures.sorted { $0.line < $1.line }
        let limit = choices.maxProblems
        let shown = limit == 0 ? failures.count : min(limit ?? 20, failures.count)
        for record in failures.prefix(shown) {
            let entry = record.entry!
            var text =
                "\(outcome.location(of: record)): failure: externalId \"\(record.externalId)\" (\(entry.action)): "
                + "\(entry.errorCode ?? "error")"
            if let reason = entry.reason { text += ": \(reason)" }
            if let action = entry.recommendedAction { text += " — \(action)" }
            console.line(text)
        }
        if shown < failures.count {
            let more = failures.count - shown
            console.line(
                "… and \(more) more failure\(more == 1 ? "" : "s") (all of them with --max-problems 0, --json, --junit "
                    + "FILE or --failed FILE)"
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
            for id in heal.pending {
                console.line(
                    "pending: externalId \"\(id)\": the logs had not shown the outcome when the wait ended (--wait)")
            }
        } else if !unresolved.isEmpty {
            console.line(
                "\(plural(unresolved.count, "record")) could not be given a manager "
                    + "(UnableToResolveReferenceAttributeValue: the manager had not been processed first): 'provision "
                    + "status --heal' sends each manager, waits for it, then the record again"
            )
        }
    }

    private static func json(_ heal: ReferenceHealer.Outcome) -> [String: Any] {
        [
            "healed": heal.healed,
            "stillFailing": heal.stillFailing.map { ["externalId": $0.externalId, "reason": $0.reason] },
            "managerUnknown": heal.managerUnknown.map { ["externalId": $0.externalId, "manager": $0.manager ?? ""] },
            "pending": heal.pending,
        ]
    }
}
