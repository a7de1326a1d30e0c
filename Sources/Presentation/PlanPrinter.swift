import Basics
import Directory
import Foundation
import Sync
import Uploader

/// `provision plan`: what an upload would send, against the tenant's daily quota and at the configured rate.
package struct PlanPrinter {
    let console: Console

    package init(console: Console) { self.console = console }

    /// As JSON with `json`, else a few lines.
    /// - Parameters:
    ///   - rate: the configured rate; nil: the default.
    ///   - directory: the predictions of `--directory`.
    ///   - maxLines: `--max-problems`: the lines of findings, changes and unique values printed (nil: 20, 0: all).
    package func print(
        _ planned: ExportPlan, input: String, rate configured: RateLimit?, json: Bool,
        directory: DirectoryReview? = nil, maxLines: Int? = nil
    ) {
        let rate = configured ?? UploadConfiguration.defaultRate
        let export = planned.export
        let requests = export.batches.count
        let seconds = Double(requests) * rate.seconds / Double(rate.count)
        var plan: [(String, Any)] = [
            ("input", input), ("rows", export.rows), ("valid", export.valid), ("invalid", export.invalid),
            ("warnings", export.warnings), ("requests", requests), ("recordsToSend", export.toSend + export.leavers),
            ("rate", rate.description), ("estimatedSeconds", (seconds * 10).rounded() / 10),
            ("dailyQuotaShare", ["p1p2": Double(requests) / 2000, "governance": Double(requests) / 6000]),
        ]
        if let delta = planned.delta {
            plan += [
                ("new", delta.newCount), ("changed", delta.changedCount), ("unchanged", export.unchanged),
                ("leavers", delta.leavers.count), ("leaversToDisable", export.leavers),
            ]
        }
        if let review = planned.brakes?.review, !review.isEmpty {
            plan += [
                ("disables", review.disables.map(Self.object)), ("renames", review.renames.map(Self.object)),
            ]
        }
        if let unique = planned.unique {
            plan.append(("uniqueValues", Self.object(unique)))
        }
        if let directory { plan.append(("directory", DirectoryPrinter.object(directory))) }
        if json {
            let object = Dictionary(plan, uniquingKeysWith: { first, _ in first })
            let data =
                (try? JSONSerialization.data(
                    withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            console.out(String(decoding: data, as: UTF8.self) + "\n")
            return
        }
        var lines = [
            "\(input): \(plural(export.rows, export.naming.unit)), \(export.valid) valid, \(export.invalid) invalid, "
                + "\(plural(export.warnings, "warning"))"
        ]
        if let delta = planned.delta {
            lines.append(
                "delta: \(delta.newCount) new, \(delta.changedCount) changed, \(export.unchanged) unchanged; "
                    + "\(plural(delta.leavers.count, "leaver")) (\(export.leavers) to disable)"
            )
        }
        if let brakes = planned.brakes { lines += Self.transitions(brakes) }
        let limit = maxLines ?? 20
        if let unique = planned.unique { lines += Self.bounded(Self.unique(unique, input: input), limit) }
        if let directory {
            lines.append(DirectoryPrinter.summary(directory))
            lines += Self.bounded(DirectoryPrinter.lines(directory, file: input).map { "  " + $0 }, limit)
        }
        lines.append(
            "would send \(plural(export.toSend + export.leavers, "record")) in \(plural(requests, "request")): "
                + "\(percent(requests, 2000)) of a 2,000/day quota (Entra ID P1/P2), \(percent(requests, 6000)) of "
                + "6,000/day (Governance)"
        )
        lines.append("at \(rate) that takes about \(ProgressReporter.duration(seconds)) plus the service's latency")
        if requests > 2000 {
            lines.append(
                "warning: more requests than a P1/P2 tenant's daily quota: split the run with --max-requests and "
                    + "--resume"
            )
        }
        for line in lines { console.line(line) }
    }

    /// `lines` cut at `limit` (0: all), with how many more and where they are.
    static func bounded(_ lines: [String], _ limit: Int) -> [String] {
        guard limit > 0, lines.count > limit else { return lines }
        return Array(lines.prefix(limit))
            + ["  … and \(lines.count - limit) more (--max-problems 0, plan --json or --out FILE lists them)"]
    }

    /// What SelectUniqueValue gave: how many, what was checked, and each person given another value than their
    /// first candidate.
    static func unique(_ unique: UniqueValueOutcome, input: String) -> [String] {
        let checked =
            unique.fromPlan
            ? "as the plan gives them"
            : unique.checkedDirectory
                ? "unique in this file, the state and the tenant" : "unique in this file and the state"
        var lines = [
            "unique values (\(unique.attributes.joined(separator: ", "))): \(plural(unique.values.count, "person", "people")), "
                + "\(checked); \(unique.others.count) given another value than their first candidate"
                + (unique.exhausted > 0 ? "; \(unique.exhausted) with no free value (invalid)" : "")
        ]
        lines += unique.others.map {
            "  \(input):\($0.line): externalId \($0.externalId): \($0.attribute) '\($0.value)' (\($0.reason))"
        }
        return lines
    }

    static func object(_ unique: UniqueValueOutcome) -> [String: Any] {
        [
            "attributes": unique.attributes, "checkedDirectory": unique.checkedDirectory, "fromPlan": unique.fromPlan,
            "exhausted": unique.exhausted,
            "values": unique.values.mapValues { $0.values },
        ]
    }

    /// People listed by name in the text output, per list.
    static let named = 20

    /// Who the run would disable and rename, by name and why, against the brakes.
    static func transitions(_ brakes: BrakeOutcome) -> [String] {
        let review = brakes.review
        var lines: [String] = []
        func list(
            _ people: [Transition], count: Int, verb: String, option: String, threshold: DeltaPlan.Threshold, limit: Int
        ) {
            guard count > 0 else { return }
            lines.append(
                "would \(verb) \(count) of \(plural(review.known, "known person", "known people")) (--\(option) "
                    + "\(threshold.setting) allows \(limit)):")
            lines += people.prefix(named).map { "  \($0.person): \($0.reason)" }
            if count > min(named, people.count) {
                lines.append("  … and \(count - min(named, people.count)) more (plan --json or --out FILE lists them)")
            }
        }
        list(
            review.disables, count: review.disableCount, verb: "disable", option: "max-disable",
            threshold: brakes.brakes.maxDisable, limit: brakes.disableLimit)
        list(
            review.renames, count: review.renameCount, verb: "rename", option: "max-rename",
            threshold: brakes.brakes.maxRename, limit: brakes.renameLimit)
        return lines
    }

    /// A transition as a JSON object (keys as in the run report).
    static func object(_ transition: Transition) -> [String: Any] {
        var object: [String: Any] = ["externalId": transition.externalId, "reason": transition.reason]
        object["displayName"] = transition.displayName
        object["line"] = transition.line
        object["from"] = transition.from
        object["to"] = transition.to
        return object
    }

    private func percent(_ part: Int, _ whole: Int) -> String {
        String(format: "%.1f%%", Double(part) * 100 / Double(whole))
    }
}
