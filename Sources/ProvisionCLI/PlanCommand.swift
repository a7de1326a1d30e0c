import CommandLineKit
import CommandReference
import Configuration
import Foundation
import Mapping
import Presentation
import Sync

/// `provision plan FILE`: everything `upload` would do, without the network; with `--directory`, against the
/// tenant's users too (`DirectoryStage`).
struct PlanCommand: Command {
    static let spec = CommandSpecs.plan

    let context: CommandContext

    func run() async -> ExitStatus {
        let values = context.values
        var stage = InputStage(context: context)
        var job: ExportJob
        let target: PlanFile.Target?
        do {
            // Before any source is read: a plan that could not be written is refused first.
            target = try planTarget()
        } catch {
            return CommandFailure.report(error, context.console)
        }
        let input: InputSource.Prepared
        switch await stage.prepareInput(keepsStandardInput: values.has(Options.outFile)) {
        case .success(let prepared): input = prepared
        case .failure(let status): return status
        }
        defer { input.remove() }
        let path = input.path
        var report = RunReport.starting("plan", input: path)
        report.record(input)
        if let status = stage.loadSchema(report: &report) { return status }
        let rate = values[Options.rate]
        do {
            job = try stage.job(input: path, snapshot: input.source != nil)
        } catch {
            return CommandFailure.report(error, context.console)
        }
        let planned: ExportPlan
        var directory: DirectoryReview?
        if values.flag(Options.directory) {
            switch await DirectoryStage(context: context).plan(&job, saved: stage.savedSchema) {
            case .success(let outcome):
                planned = outcome.plan
                directory = outcome.review
            case .failure(let error): return stage.fail(error, report: &report)
            }
        } else {
            switch stage.plan(job, report: &report) {
            case .success(let value): planned = value
            case .failure(let status): return status
            }
        }
        let export = planned.export
        stage.printPrepared(planned)
        if let notice = planned.unique?.notice, !context.quiet { context.console.diagnostic("provision: \(notice)") }
        if values.has(Options.outFile) || context.summaryOutput.wantsMarkdown || values.has(Options.junit) {
            guard writePlan(job, planned, target: target, directory: directory) else { return .cannotCreate }
        }
        // `--quiet`: the problems above and the exit status say it all; `--json` is asked for, so it is printed.
        if values.flag(Options.json) || !context.quiet {
            PlanPrinter(console: context.console).print(
                planned, input: path, rate: rate, json: values.flag(Options.json), directory: directory,
                maxLines: values[Options.maxProblems])
        }
        return ExitStatus(.rows(invalid: export.invalid))
    }

    /// The job and tenant the plan is for: needed with `--out` (`upload --plan` refuses any other), shown in the
    /// Markdown when known.
    private func planTarget() throws(ConfigurationError) -> PlanFile.Target? {
        let values = context.values
        guard let text = values[Options.endpoint] else {
            guard !values.has(Options.outFile) else {
                throw ConfigurationError(
                    "--out writes a plan for 'upload --plan', which names the job it is for: give the endpoint "
                        + "(--endpoint, PROVISION_ENDPOINT or the --config file the upload uses), and the tenant "
                        + "(--tenant-id, AZURE_TENANT_ID) if the upload has one",
                    kind: .usage)
            }
            return nil
        }
        let endpoint = try BulkUploadEndpoint.parse(
            text, allowedHosts: values.all(Options.allowHost), setting: values.describe(Options.endpoint))
        return PlanMaker.target(endpoint: endpoint, tenant: values[Options.tenantID])
    }

    /// `--out`, `--summary-md` and `--junit`.
    private func writePlan(
        _ job: ExportJob, _ planned: ExportPlan, target: PlanFile.Target?, directory: DirectoryReview?
    ) -> Bool {
        let plan: PlanFile
        do {
            plan = try PlanMaker.make(job, planned, target: target, directory: directory)
        } catch {
            context.console.error("cannot make the plan: \(error.localizedDescription)")
            return false
        }
        if let path = context.values[Options.outFile] {
            do {
                try plan.write(to: path)
            } catch {
                context.console.error(error.localizedDescription)
                return false
            }
        }
        let output = context.summaryOutput
        var written = output.writeMarkdown(MarkdownSummary.plan(plan, problems: planned.export.problems))
        if let path = context.values[Options.junit] {
            written =
                output.write(Data(JUnitReport.plan(plan, problems: planned.export.problems).utf8), to: path)
                && written
        }
        return written
    }
}
