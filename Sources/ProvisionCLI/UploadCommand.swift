import CommandLineKit
import CommandReference
import Foundation
import Mapping
import Presentation
import Sync

/// `provision upload FILE`: read and check the export, then either write the requests (`--dry-run`) or send them
/// through a `SyncRun`, and with `--wait` read their outcomes.
struct UploadCommand: Command {
    static let spec = CommandSpecs.upload

    let context: CommandContext

    func run() async -> ExitStatus {
        let arguments = context.arguments
        let stage = InputStage(context: context)
        let approved: PlanFile?
        do {
            approved = try arguments.value("plan").map { path throws(SyncError) in try PlanFile.read(path: path) }
        } catch {
            context.console.error(error.localizedDescription)
            return error.exitStatus
        }
        guard let path = arguments.positionals.first ?? approved?.input.path else {
            context.console.error("missing file (usage: \(CommandCatalog.helpFormatter.usageLine(Self.spec)))")
            return .usage
        }
        let dryRun = arguments.flag("dry-run")
        var report = RunReport.starting(dryRun ? "upload --dry-run" : "upload", input: path)
        if arguments.has("out") && !dryRun {
            context.console.error("--out goes with --dry-run (it names where the requests are written instead of sent)")
            return .usage
        }
        if dryRun && !arguments.has("out") && arguments.flag("json") {
            context.console.error(
                "--json needs --out DIR with --dry-run: without --out the requests themselves go to stdout")
            return .usage
        }
        let job: ExportJob
        do throws(UsageError) {
            if let approved {
                job = try planJob(approved, stage: stage, input: path)
            } else {
                job = try stage.job(input: path)
            }
        } catch {
            context.console.error(error.message)
            return .usage
        }
        guard !dryRun else { return dryRunUpload(job, stage: stage, report: &report) }
        // Configuration is checked before the file is read and long before any token is requested.
        guard let resolver = context.settings else {
            return stage.fail(.internalError("upload has no settings to resolve (a bug in provision)"), report: &report)
        }
        let settings: UploadSettings
        do {
            settings = try UploadSettings.resolve(resolver, environment: context.environment)
        } catch {
            return stage.fail(SyncError(configuration: error), report: &report)
        }
        if let approved {
            do {
                try PlanMaker.checkTarget(
                    approved, endpoint: settings.endpoint, tenant: context.settings?.value("tenant-id"))
            } catch {
                return stage.fail(SyncError(configuration: error), report: &report)
            }
        }
        for warning in settings.warnings { context.console.warning(warning) }
        let journalPath =
            arguments.value("journal") ?? arguments.value("report").map { $0 + ".journal" }
            ?? RunIdentity.defaultJournalPath(
                input: path, endpoint: settings.endpoint.url.absoluteString, environment: context.environment)
        do {
            try OutputPaths.check(
                outputs: FileOptions.outputs(arguments) + [.init("the journal", journalPath)],
                inputs: FileOptions.inputs(arguments, input: path))
        } catch {
            context.console.error(error.localizedDescription)
            return error.exitStatus
        }
        var upload = UploadJob(
            export: job, endpoint: settings.endpoint, upload: settings.upload, journalPath: journalPath,
            resume: arguments.flag("resume"), version: Provision.version,
            credentialKind: settings.credential.kindDescription)
        upload.strict = arguments.flag("strict")
        upload.schemaCheck = arguments.flag("ignore-unknown-attributes") ? .warn : .refuse
        upload.schemaApplyCommand = SchemaApplyHint.command(context, mapping: job.reader.mappingFile, file: path)
        upload.rateIsExplicit = arguments.has("rate")
        upload.rateCache = Self.rateCache(context)
        upload.plan = approved
        upload.reportPath = arguments.value("report")
        upload.delimiter = arguments.value("delimiter")
        upload.encoding = arguments.value("encoding")
        let network = NetworkStack(settings: settings, maxConnections: settings.upload.concurrency)
        let printer = SyncEventPrinter(console: context.console, choices: context.output)
        let run = SyncRun(
            job: upload, transport: network.transport, tokens: network.tokens, time: network.time,
            events: printer.handle)
        let trap = SignalTrap { signal in
            context.console.warning(
                "signal \(signal): finishing the requests in flight, then stopping (resume with --resume)")
            run.stop()
        }
        let outcome = await run.run()
        trap.cancel()
        printer.finish()
        print(outcome)
        // `--wait`: chain `provision status` on this run's journal; the worse of the two statuses wins.
        let timing =
            arguments.has("wait") && (outcome.status == .success || outcome.status == .someRowsFailed)
            ? StatusCommand.timing(arguments, console: context.console) : nil
        let summary = context.summaryOutput
        var uploadMarkdown: String?
        if summary.wantsMarkdown {
            let records = outcome.planned.flatMap { try? PlanRecord.all(of: $0) } ?? []
            let markdown = MarkdownSummary.upload(outcome.report, records: records)
            // With a status to follow, the job's page gets this half now and --summary-md FILE both halves after.
            let written = timing == nil ? summary.writeMarkdown(markdown) : summary.appendStepSummary(markdown)
            guard written else { return .cannotCreate }
            uploadMarkdown = markdown
        }
        guard let timing else { return outcome.status }
        let jobs = StatusCommand.jobs(arguments, settings: settings, journalPath: journalPath, timing: timing)
        let logStatus = await StatusCommand(context: context).perform(
            jobs.status, network: network, heal: jobs.heal, markdownBefore: uploadMarkdown)
        return logStatus == .success
            ? outcome.status : (outcome.status == .success ? logStatus : max(outcome.status, logStatus))
    }

    /// The cache of rate limits learnt per job; nil with `--no-cache`, or without a cache directory.
    static func rateCache(_ context: CommandContext) -> RateLimitCache? {
        guard !context.arguments.flag("no-cache") else { return nil }
        return RateLimitCache.location(environment: context.environment).map(RateLimitCache.init)
    }

    /// `--plan`: the plan decides the input, mapping, state and options; the command line may repeat them, but not
    /// contradict them (what was reviewed is what is sent).
    private func planJob(_ plan: PlanFile, stage: InputStage, input: String) throws(UsageError) -> ExportJob {
        let fromCommandLine = try stage.job(input: input)
        let job: ExportJob
        do {
            job = try PlanMaker.job(of: plan, reader: fromCommandLine.reader)
        } catch {
            throw UsageError(error.localizedDescription)
        }
        let arguments = context.arguments
        var conflicts: [String] = []
        if arguments.positionals.first.map({ $0 != plan.input.path }) ?? false { conflicts.append("the input") }
        if arguments.value("mapping").map({ $0 != plan.mapping?.path }) ?? false { conflicts.append("--mapping") }
        if arguments.value("state").map({ $0 != plan.state?.path }) ?? false { conflicts.append("--state") }
        for option in [
            "batch-size", "delimiter", "encoding", "missing", "max-disable", "max-rename", "full", "empty-as-null",
        ]
        where arguments.has(option) && context.settings?.source(of: option) == .flag {
            conflicts.append("--\(option)")
        }
        guard conflicts.isEmpty else {
            throw UsageError(
                "with --plan, the plan decides the input, mapping, state and options; "
                    + "\(conflicts.joined(separator: ", ")) given on the command line (drop them, or make a new plan)"
            )
        }
        return job
    }

    private func print(_ outcome: SyncOutcome) {
        if context.arguments.flag("json") {
            context.console.out(String(decoding: (try? outcome.report.encoded()) ?? Data(), as: UTF8.self) + "\n")
        } else if !context.quiet || outcome.status != .success, outcome.report.accepted != nil {
            context.console.line(Summary.upload(outcome.report))
        }
    }

    private func dryRunUpload(_ job: ExportJob, stage: InputStage, report: inout RunReport) -> ExitStatus {
        do {
            try OutputPaths.check(
                outputs: FileOptions.outputs(context.arguments),
                inputs: FileOptions.inputs(context.arguments, input: job.input))
        } catch {
            context.console.error(error.localizedDescription)
            return error.exitStatus
        }
        let planned: ExportPlan
        switch stage.plan(job, report: &report) {
        case .success(let value): planned = value
        case .failure(let status): return status
        }
        report.record(planned.export)
        report.record(planned.delta, state: planned.state?.path)
        report.record(planned.brakes)
        stage.printPrepared(planned)
        if context.arguments.flag("strict") && planned.export.invalid > 0 {
            let invalid = planned.export.invalid
            report.written = 0
            return stage.fail(
                .data("\(invalid) invalid row\(invalid == 1 ? "" : "s") and --strict: nothing was written"),
                report: &report)
        }
        if let error = SyncError.everyRowInvalid(planned.export) {
            report.written = 0
            return stage.fail(error, report: &report)
        }
        let writer = DryRunWriter(
            console: context.console, choices: context.output, directory: context.arguments.value("out"),
            keepBatches: context.arguments.has("report") || context.arguments.flag("json"))
        return writer.write(planned, report: &report)
    }
}
