import CommandLineKit
import CommandReference
import Foundation
import Mapping
import Sync
import Uploader

/// `provision plan FILE`: everything `upload` would do, without the network.
struct PlanCommand: Command {
    static let spec = CommandSpecs.plan

    let context: CommandContext

    func run() -> ExitStatus {
        let arguments = context.arguments
        let path = arguments.positionals[0]
        let stage = InputStage(context: context)
        let rate: RateLimit
        let job: ExportJob
        do {
            rate = try UploadSettings.rate(arguments) ?? UploadConfiguration.defaultRate
            job = try stage.job(input: path)
        } catch let error as ConfigurationError {
            context.console.error(error.message)
            return .usage
        } catch let error as UsageError {
            context.console.error(error.message)
            return .usage
        } catch {
            return .internalError
        }
        do {
            let outputs = FileOptions.outputs(arguments) + (arguments.value("out").map { [.init("--out", $0)] } ?? [])
            try OutputPaths.check(outputs: outputs, inputs: FileOptions.inputs(arguments, input: path))
        } catch {
            context.console.error(error.localizedDescription)
            return .usage
        }
        var report = RunReport.starting("plan", input: path)
        let planned: PlannedExport
        switch stage.plan(job, report: &report) {
        case .success(let value): planned = value
        case .failure(let status): return status
        }
        let export = planned.export
        stage.printPrepared(planned)
        if arguments.has("out") || SummaryOutput(context: context).wantsMarkdown {
            guard writePlan(job, planned) else { return .cannotCreate }
        }
        let requests = export.batches.count
        let seconds = Double(requests) * rate.seconds / Double(rate.count)
        var plan: [(String, Any)] = [
            ("input", path), ("rows", export.rows), ("valid", export.valid), ("invalid", export.invalid),
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
        let status: ExitStatus = export.invalid > 0 ? .someRowsFailed : .success
        if arguments.flag("json") {
            let object = Dictionary(plan, uniquingKeysWith: { first, _ in first })
            let data =
                (try? JSONSerialization.data(
                    withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            context.console.out(String(decoding: data, as: UTF8.self) + "\n")
            return status
        }
        var lines = [
            "\(path): \(plural(export.rows, "row")), \(export.valid) valid, \(export.invalid) invalid, "
                + "\(plural(export.warnings, "warning"))"
        ]
        if let delta = planned.delta {
            lines.append(
                "delta: \(delta.newCount) new, \(delta.changedCount) changed, \(export.unchanged) unchanged; "
                    + "\(plural(delta.leavers.count, "leaver")) (\(export.leavers) to disable)"
            )
        }
        lines.append(
            "would send \(export.toSend + export.leavers) records in \(plural(requests, "request")): "
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
        for line in lines { context.console.line(line) }
        return status
    }

    /// `--out` and `--summary-md`.
    private func writePlan(_ job: ExportJob, _ planned: PlannedExport) -> Bool {
        let plan: PlanFile
        do {
            plan = try PlanMaker.make(job, planned)
        } catch {
            context.console.error("cannot make the plan: \(error.localizedDescription)")
            return false
        }
        if let path = context.arguments.value("out") {
            do {
                try plan.write(to: path)
            } catch {
                context.console.error(error.localizedDescription)
                return false
            }
        }
        return SummaryOutput(context: context).writeMarkdown(
            MarkdownSummary.plan(plan, problems: planned.export.problems))
    }

    private func percent(_ part: Int, _ whole: Int) -> String {
        String(format: "%.1f%%", Double(part) * 100 / Double(whole))
    }
}
