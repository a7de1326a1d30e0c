import Basics
import Foundation
import Sync
import Uploader

/// `provision plan`: what an upload would send, against the tenant's daily quota and at the configured rate.
public struct PlanPrinter {
    let console: Console

    public init(console: Console) { self.console = console }

    /// As JSON with `json`, else a few lines.
    /// - Parameter rate: the configured rate; nil: the default.
    public func print(_ planned: ExportPlan, input: String, rate configured: RateLimit?, json: Bool) {
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
        if json {
            let object = Dictionary(plan, uniquingKeysWith: { first, _ in first })
            let data =
                (try? JSONSerialization.data(
                    withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            console.out(String(decoding: data, as: UTF8.self) + "\n")
            return
        }
        var lines = [
            "\(input): \(plural(export.rows, "row")), \(export.valid) valid, \(export.invalid) invalid, "
                + "\(plural(export.warnings, "warning"))"
        ]
        if let delta = planned.delta {
            lines.append(
                "delta: \(delta.newCount) new, \(delta.changedCount) changed, \(export.unchanged) unchanged; "
                    + "\(plural(delta.leavers.count, "leaver")) (\(export.leavers) to disable)"
            )
        }
        if let brakes = planned.brakes { lines += Self.transitions(brakes) }
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
