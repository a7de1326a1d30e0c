import CommandLineKit
import CommandReference
import Foundation
import Mapping
import Presentation
import Sync

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
        // The rate given (nil: the default), the export job and the plan's target.
        let given = Result { (try UploadSettings.rate(arguments), try stage.job(input: path), try planTarget()) }
        if case .failure(let failure) = given {
            switch failure {
            case let error as ConfigurationError:
                context.console.error(error.message)
                return error.status
            case let error as UsageError:
                context.console.error(error.message)
                return .usage
            default: return .internalError
            }
        }
        guard case .success(let (rate, job, target)) = given else { return .internalError }
        do {
            let outputs = FileOptions.outputs(arguments) + (arguments.value("out").map { [.init("--out", $0)] } ?? [])
            try OutputPaths.check(outputs: outputs, inputs: FileOptions.inputs(arguments, input: path))
        } catch {
            context.console.error(error.localizedDescription)
            return error.exitStatus
        }
        let planned: ExportPlan
        switch stage.plan(job, report: &report) {
        case .success(let value): planned = value
        case .failure(let status): return status
        }
        let export = planned.export
        stage.printPrepared(planned)
        if arguments.has("out") || context.summaryOutput.wantsMarkdown {
            guard writePlan(job, planned, target: target) else { return .cannotCreate }
        }
        // `--quiet`: the problems above and the exit status say it all; `--json` is asked for, so it is printed.
        if arguments.flag("json") || !context.quiet {
            PlanPrinter(console: context.console).print(
                planned, input: path, rate: rate, json: arguments.flag("json"))
        }
        return export.invalid > 0 ? .someRowsFailed : .success
    }

    /// The job and tenant the plan is for: needed with `--out` (`upload --plan` refuses any other), shown in the
    /// Markdown when known.
    private func planTarget() throws(ConfigurationError) -> PlanFile.Target? {
        let settings = context.settings
        guard let text = settings?.value("endpoint") else {
            guard !context.arguments.has("out") else {
                throw ConfigurationError(
                    "--out writes a plan for 'upload --plan', which names the job it is for: give the endpoint "
                        + "(--endpoint, PROVISION_ENDPOINT or the --config file the upload uses), and the tenant "
                        + "(--tenant-id, AZURE_TENANT_ID) if the upload has one",
                    status: .usage)
            }
            return nil
        }
        let endpoint = try BulkUploadEndpoint.parse(
            text, allowedHosts: settings?.all("allow-host") ?? [],
            setting: settings?.describe("endpoint") ?? "--endpoint")
        return PlanMaker.target(endpoint: endpoint, tenant: settings?.value("tenant-id"))
    }

    /// `--out` and `--summary-md`.
    private func writePlan(_ job: ExportJob, _ planned: ExportPlan, target: PlanFile.Target?) -> Bool {
        let plan: PlanFile
        do {
            plan = try PlanMaker.make(job, planned, target: target)
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
