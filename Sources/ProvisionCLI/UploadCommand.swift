import CommandLineKit
import CommandReference
import Configuration
import Foundation
import HRSources
import Mapping
import Presentation
import Sync

/// `provision upload FILE`: read and check the export, then either write the requests (`--dry-run`) or send them
/// through a `SyncRun`, and with `--wait` read their outcomes.
struct UploadCommand: Command {
    static let spec = CommandSpecs.upload

    let context: CommandContext

    func run() async -> ExitStatus {
        let values = context.values
        let stage = InputStage(context: context)
        let approved: PlanFile?
        do {
            approved = try values[Options.plan].map { path throws(SyncError) in try PlanFile.read(path: path) }
        } catch {
            return CommandFailure.report(error, context.console)
        }
        let dryRun = values.flag(Options.dryRun)
        let inputs = InputSource(context: context)
        let readsSource: Bool
        do {
            // A dry run of stdin asks again when it reads it (`dryRunFromSource`), and says it then.
            let named = try inputs.readsSource(
                file: values.positionals.first,
                notes: !(dryRun && values.positionals.first == InputSource.standardInput))
            readsSource = approved == nil && named
            if approved != nil && (values.isFlag(Options.source) || values.isFlag(Options.sourcePreset)) {
                throw SyncError.usage("with --plan, the plan names its input (a source's snapshot): drop --source")
            }
        } catch {
            return CommandFailure.report(error, context.console)
        }
        if dryRun && approved == nil && (readsSource || values.positionals.first == InputSource.standardInput) {
            // Nothing is sent, so there is no journal to keep the snapshot next to: read as validate reads.
            return await dryRunFromSource(stage: stage)
        }
        guard readsSource || values.positionals.first != nil || approved != nil else {
            return CommandFailure.report(
                SyncError.usage(
                    "missing file: give the export (CSV, JSON or NDJSON; '-' for stdin), or --source URL (usage: "
                        + "\(CommandCatalog.helpFormatter.usageLine(Self.spec)))"),
                context.console)
        }
        var path = values.positionals.first ?? approved?.input.path ?? ""
        var report = RunReport.starting(dryRun ? "upload --dry-run" : "upload", input: path)
        if values.has(Options.outDirectory) && !dryRun {
            return CommandFailure.report(
                SyncError.usage("--out goes with --dry-run (it names where the requests are written instead of sent)"),
                context.console)
        }
        if dryRun && values.flag(Options.directory) {
            return CommandFailure.report(
                SyncError.usage(
                    "--directory reads the tenant before sending, and --dry-run sends nothing: to see what the "
                        + "directory says of each record, use 'provision plan FILE --directory'"),
                context.console)
        }
        if values.isFlag(Options.allowCollisions) && !values.flag(Options.directory) && approved?.directory == nil {
            return CommandFailure.report(
                SyncError.usage("--allow-collisions goes with --directory (it sends records predicted to collide)"),
                context.console)
        }
        if dryRun && !values.has(Options.outDirectory) && values.flag(Options.json) {
            return CommandFailure.report(
                SyncError.usage(
                    "--json needs --out DIR with --dry-run: without --out the requests themselves go to stdout"),
                context.console)
        }
        if dryRun {
            do throws(SyncError) {
                let job: ExportJob
                if let approved {
                    job = try planJob(approved, stage: stage, input: path)
                } else {
                    job = try stage.job(input: path)
                }
                return dryRunUpload(job, stage: stage, report: &report)
            } catch {
                return CommandFailure.report(error, context.console)
            }
        }
        // Configuration is checked before the file is read and long before any token is requested.
        let settings: UploadSettings
        let source: SourceConfiguration?
        do {
            settings = try context.uploadSettings()
            source = readsSource ? try inputs.configuration() : nil
        } catch let error as ConfigurationError {
            return stage.fail(SyncError(configuration: error), report: &report)
        } catch {
            return stage.fail(error as? SyncError ?? .internalError("\(error)"), report: &report)
        }
        if let approved {
            do {
                try PlanMaker.checkTarget(approved, endpoint: settings.endpoint, tenant: values[Options.tenantID])
            } catch {
                return stage.fail(SyncError(configuration: error), report: &report)
            }
        }
        for warning in settings.warnings { context.console.warning(warning) }
        let endpoint = settings.endpoint.url.absoluteString
        let fromStandardInput = path == InputSource.standardInput
        let journalPath =
            values[Options.journal] ?? values[Options.report].map { $0 + ".journal" }
            ?? (source.map {
                RunIdentity.defaultJournalPath(
                    source: $0.shownURL, endpoint: endpoint, environment: context.environment)
            }
                ?? (fromStandardInput
                    ? RunIdentity.defaultJournalPath(
                        source: "stdin", endpoint: endpoint, environment: context.environment)
                    : RunIdentity.defaultJournalPath(input: path, endpoint: endpoint, environment: context.environment)))
        // What a source (or stdin) is read into, for this run and the next one's --resume and status --failed.
        let snapshotPath =
            values[Options.snapshot]
            ?? RunIdentity.snapshotPath(nextTo: journalPath, extension: fromStandardInput ? "stdin" : "ndjson")
        // The journal a report or the defaults name is an output too, as is the snapshot. (The state, an input
        // checked against every output, is replaced only after it loads as a state: the run refuses any other file,
        // naming it in the report.)
        var outputs = values.files(.output).map { OutputPaths.Named($0.name, $0.path) }
        if !values.has(Options.journal) { outputs.append(.init("the journal", journalPath)) }
        if (source != nil || fromStandardInput) && !values.has(Options.snapshot) {
            outputs.append(.init("the snapshot", snapshotPath))
        }
        var sourceInput: SourceInput?
        let job: ExportJob
        do {
            try OutputPaths.check(
                outputs: outputs, inputs: values.files(.input).map { OutputPaths.Named($0.name, $0.path) })
            if let source {
                sourceInput = try inputs.input(source, snapshotPath: snapshotPath)
                path = snapshotPath
            } else if fromStandardInput {
                try inputs.copyStandardInput(to: snapshotPath)
                path = snapshotPath
            }
            report.input = path
            if let approved {
                job = try planJob(approved, stage: stage, input: path)
            } else {
                job = try stage.job(input: path, snapshot: source != nil)
            }
        } catch {
            return CommandFailure.report(error, context.console)
        }
        var upload = UploadJob(
            export: job, endpoint: settings.endpoint, upload: settings.upload, journalPath: journalPath,
            resume: values.flag(Options.resume), version: Provision.version,
            credentialKind: settings.credential.kindDescription)
        upload.strict = values.flag(Options.strict)
        upload.schemaCheck = values.flag(Options.ignoreUnknownAttributes) ? .warn : .refuse
        upload.schemaApplyCommand = SchemaApplyHint.command(context, mapping: job.reader.mappingFile, file: path)
        upload.rateIsExplicit = values.has(Options.rate)
        upload.rateCache = Self.rateCache(context)
        upload.plan = approved
        // A plan made with --directory is checked against the directory again when applied.
        if values.flag(Options.directory) || approved?.directory != nil {
            upload.directory = DirectoryCheck(allowCollisions: values.flag(Options.allowCollisions))
        }
        upload.reportPath = values[Options.report]
        upload.delimiter = values.text(Options.delimiter)
        upload.encoding = values.text(Options.encoding)
        upload.source = sourceInput
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
        // `--wait`: chain `provision status` on this run's journal, once the upload finished sending (0 or 1).
        let timing =
            values.has(Options.wait) && (outcome.status == .success || outcome.status == .someRowsFailed)
            ? StatusCommand.timing(values) : nil
        let summary = context.summaryOutput
        var uploadMarkdown: String?
        if summary.wantsMarkdown {
            let records = outcome.planned.flatMap { try? PlanRecord.all(of: $0) } ?? []
            let markdown = MarkdownSummary.upload(outcome.report, records: records)
            // With a status to follow, the job's page gets this half now and --summary-md FILE both halves after.
            let written = timing == nil ? summary.writeMarkdown(markdown) : summary.appendStepSummary(markdown)
            guard written else { return outcome.status.combined(with: .cannotCreate) }
            uploadMarkdown = markdown
        }
        guard let timing else { return outcome.status }
        let jobs = StatusCommand.jobs(values, settings: settings, journalPath: journalPath, timing: timing)
        let logStatus = await StatusCommand(context: context).perform(
            jobs.status, network: network, heal: jobs.heal, markdownBefore: uploadMarkdown)
        // The two outcomes by the documented order of precedence (`ExitStatus.precedenceRule`).
        return outcome.status.combined(with: logStatus)
    }

    /// The cache of rate limits learnt per job; nil with `--no-cache`, or without a cache directory.
    static func rateCache(_ context: CommandContext) -> RateLimitCache? {
        guard !context.values.flag(Options.noCache) else { return nil }
        return RateLimitCache.location(environment: context.environment).map(RateLimitCache.init)
    }

    /// `--plan`: the plan decides the input, mapping, state and options; the command line may repeat them, but not
    /// contradict them (what was reviewed is what is sent).
    private func planJob(_ plan: PlanFile, stage: InputStage, input: String) throws(SyncError) -> ExportJob {
        let fromCommandLine = try stage.job(input: input)
        var job: ExportJob
        do {
            job = try PlanMaker.job(of: plan, reader: fromCommandLine.reader)
        } catch {
            throw .usage(error.localizedDescription)
        }
        // What SelectUniqueValue gave is what was approved, whatever the directory holds by now.
        if let path = context.values[Options.plan] { job.decidedUniqueValues = try PlanFile.uniqueValues(path: path) }
        let values = context.values
        var conflicts: [String] = []
        if values.positionals.first.map({ $0 != plan.input.path }) ?? false { conflicts.append("the input") }
        if values[Options.mapping].map({ $0 != plan.mapping?.path }) ?? false { conflicts.append("--mapping") }
        if values[Options.state].map({ $0 != plan.state?.path }) ?? false { conflicts.append("--state") }
        let decided: [any OptionDeclaring] = [
            Options.batchSize, Options.delimiter, Options.encoding, Options.missing, Options.maxDisable,
            Options.maxRename, Options.full, Options.emptyAsNull,
        ]
        for option in decided where values.isFlag(option) {
            conflicts.append("--\(option.declaration.name)")
        }
        guard conflicts.isEmpty else {
            throw .usage(
                "with --plan, the plan decides the input, mapping, state and options; "
                    + "\(conflicts.joined(separator: ", ")) given on the command line (drop them, or make a new plan)"
            )
        }
        return job
    }

    private func print(_ outcome: SyncOutcome) {
        if context.values.flag(Options.json) {
            context.console.out(String(decoding: (try? outcome.report.encoded()) ?? Data(), as: UTF8.self) + "\n")
        } else if !context.quiet || outcome.status != .success, outcome.report.accepted != nil {
            context.console.line(Summary.upload(outcome.report, naming: outcome.planned?.export.naming ?? .lines))
        }
    }

    /// `--dry-run` of a source or stdin: read into a snapshot (or a temporary copy) as `validate` reads it, then
    /// written as requests.
    private func dryRunFromSource(stage: InputStage) async -> ExitStatus {
        let input: InputSource.Prepared
        switch await stage.prepareInput() {
        case .success(let prepared): input = prepared
        case .failure(let status): return status
        }
        defer { input.remove() }
        var report = RunReport.starting("upload --dry-run", input: input.path)
        report.record(input)
        do {
            return dryRunUpload(
                try stage.job(input: input.path, snapshot: input.source != nil), stage: stage, report: &report)
        } catch {
            return CommandFailure.report(error, context.console)
        }
    }

    private func dryRunUpload(_ job: ExportJob, stage: InputStage, report: inout RunReport) -> ExitStatus {
        let planned: ExportPlan
        switch stage.plan(job, report: &report) {
        case .success(let value): planned = value
        case .failure(let status): return status
        }
        report.record(planned.export)
        report.record(planned.delta, state: planned.state?.path)
        report.record(planned.brakes)
        stage.printPrepared(planned)
        if context.values.flag(Options.strict) && planned.export.invalid > 0 {
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
            console: context.console, choices: context.output, directory: context.values[Options.outDirectory],
            keepBatches: context.values.has(Options.report) || context.values.flag(Options.json))
        return writer.write(planned, report: &report)
    }
}
