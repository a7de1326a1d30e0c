import Foundation
import Mapping

/// `provision upload FILE`: pass one, then either write the requests (`--dry-run`) or send them.
struct UploadCommand {
    let context: CommandContext

    func run() async -> ExitStatus {
        let started = Date()
        let arguments = context.arguments
        let path = arguments.positionals[0]
        let stage = InputStage(context: context)
        var report = RunReport(command: arguments.flag("dry-run") ? "upload --dry-run" : "upload", input: path, startedAt: started)
        if arguments.has("out") && !arguments.flag("dry-run") {
            context.console.error("--out goes with --dry-run (it names where the requests are written instead of sent)")
            return .usage
        }
        if arguments.flag("dry-run") && !arguments.has("out") && arguments.flag("json") {
            context.console.error("--json needs --out DIR with --dry-run: without --out the requests themselves go to stdout")
            return .usage
        }
        // Configuration is checked before the file is read and long before any token is requested.
        var settings: UploadSettings?
        if !arguments.flag("dry-run") {
            do {
                settings = try UploadSettings.resolve(context.settings!, environment: context.environment)
            } catch {
                context.console.error(error.message)
                return stage.fail(error.status, report: &report)
            }
            for warning in settings?.warnings ?? [] { context.console.warning(warning) }
        }
        // --resume is decided before pass one: the records an unfinished run had accepted are left out by externalId.
        var resume: ResumePlan?
        if let settings {
            switch ResumePlan.decide(input: path, arguments: arguments, endpoint: settings.endpoint, environment: context.environment, console: context.console) {
            case .success(let plan):
                resume = plan
                stage.delta.resumeAccepted = plan.accepted
            case .failure(let status):
                return stage.fail(status, report: &report)
            }
        }
        let export: PreparedExport
        switch stage.prepare(path) {
        case .success(let prepared): export = prepared
        case .failure(let status):
            return stage.fail(status, report: &report)
        }
        report.record(export)
        report.record(stage.delta)
        stage.printProblems(export)
        if let leavers = stage.delta.selection?.leavers, !leavers.isEmpty, !context.quiet {
            let verb = stage.delta.selection?.missing == .disable ? "will be disabled (active: false)" : "are reported only (--missing disable sends them with active: false)"
            context.console.diagnostic("provision: \(leavers.count) people known from earlier runs are missing from this export and \(verb): \(leavers.prefix(20).joined(separator: ", "))\(leavers.count > 20 ? ", …" : "")")
        }
        if arguments.flag("strict") && export.invalid > 0 {
            context.console.error("\(export.invalid) invalid row\(export.invalid == 1 ? "" : "s") and --strict: nothing was \(arguments.flag("dry-run") ? "written" : "sent")")
            report.written = arguments.flag("dry-run") ? 0 : nil
            return stage.fail(.dataError, report: &report)
        }
        if let settings, let resume {
            return await OnlineUpload(context: context, stage: stage, settings: settings, arguments: arguments, resume: resume).run(export, report: &report)
        }
        return DryRunWriter(context: context, stage: stage).write(export, report: &report)
    }
}
