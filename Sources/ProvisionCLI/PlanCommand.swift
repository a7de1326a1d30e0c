import CommandLineKit
import CommandReference
import Foundation
import Mapping
import Presentation
import Sync
import Uploader

/// `provision plan FILE`: everything `upload` would do, without the network.
struct PlanCommand: Command {
    static let spec = CommandSpecs.plan

    let context: CommandContext

    func run() -> ExitStatus {
        let arguments = context.arguments
        let path = arguments.positionals[0]
        var stage = InputStage(context: context)
        var report = RunReport.starting("plan", input: path)
        if let status = stage.loadSchema(report: &report) { return status }
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
            return error.exitStatus
        }
        let planned: PlannedExport
        switch stage.plan(job, report: &report) {
        case .success(let value): planned = value
        case .failure(let status): return status
        }
        let export = planned.export
        stage.printPrepared(planned)
        if arguments.has("out") || context.summaryOutput.wantsMarkdown {
            guard writePlan(job, planned) else { return .cannotCreate }
        }
        // `--quiet`: the problems above and the exit status say it all; `--json` is asked for, so it is printed.
        if arguments.flag("json") || !context.quiet {
            PlanPrinter(console: context.console).print(
                planned, input: path, rate: rate, json: arguments.flag("json"))
        }
        return export.invalid > 0 ? .someRowsFailed : .success
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
        return context.summaryOutput.writeMarkdown(
            MarkdownSummary.plan(plan, problems: planned.export.problems))
    }
}
