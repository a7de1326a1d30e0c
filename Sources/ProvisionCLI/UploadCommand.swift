import Foundation
import Mapping
import Sync
import Token
import Transport

/// `provision upload FILE`: read and check the export, then either write the requests (`--dry-run`) or send them
/// through a `SyncRun`, and with `--wait` read their outcomes.
struct UploadCommand: Command {
    static let spec = CommandSpec(
        name: "upload",
        abstract: "Send an HR export to the provisioning app's /bulkUpload endpoint.",
        discussion: """
            Reads and checks the whole file first: a file-level problem stops the run before anything is sent. Then \
            gets a token and posts every batch of up to 50 users, pacing request starts (default 40 per second) and \
            retrying what the service says to retry. Each accepted batch is journalled at once, so after a crash or a \
            stop, --resume sends only the rest.
            With --dry-run nothing is sent: each BulkRequest is written to --out DIR as batch-00001.json, \
            batch-00002.json, …, or to stdout as one JSON document per line.
            Before the first request, the job's schema is read once: an attribute the mapping sends that the schema \
            lacks stops the run (exit 65; 'provision schema apply' adds it), unless --ignore-unknown-attributes. A \
            schema that cannot be read (no Synchronization.Read.All) is a warning.
            Exit: 0 every row accepted; 1 some rows invalid, rejected or failed; 64 usage; 65 data or mapping error, \
            or attributes the job's schema lacks (nothing sent); 66 input missing; 69 service unavailable; 75 stopped \
            early (resumable); 77 authentication or permission; 78 configuration.
            """,
        arguments: [.init(name: "file", help: "The CSV export (with --plan, the plan names it).", optional: true)],
        options: CommandCatalog.inputOptions + [
            .init(
                name: "plan", valueName: "file",
                help:
                    "Send exactly the plan 'provision plan --out FILE' made (after review), or nothing (exit 65) if "
                    + "the input, mapping, state or options changed since."
            ),
            .init(
                name: "summary-md", valueName: "file",
                help:
                    "Write a Markdown summary (counts, changed attributes, leavers, failures); also appended to "
                    + "GITHUB_STEP_SUMMARY when set."
            ),
            .init(
                name: "dry-run", valueName: nil,
                help: "Do everything except the network: write the BulkRequests instead of sending them."),
            .init(
                name: "out", valueName: "dir",
                help: "With --dry-run, write one file per BulkRequest into this directory."),
            .init(
                name: "batch-size", valueName: "n",
                help: "Users per request, 1 to 50 (default 50, the service's maximum)."),
            .init(
                name: "strict", valueName: nil, help: "Stop before sending anything if any row is invalid (exit 65)."),
            .init(
                name: "ignore-unknown-attributes", valueName: nil,
                help: "Send even if the mapping sends attributes the job's schema lacks (a warning; the service drops "
                    + "them). By default they stop the run before anything is sent (exit 65)."),
            .init(name: "json", valueName: nil, help: "Print the report as JSON on stdout."),
            .init(
                name: "rate", valueName: "n/window",
                help:
                    "Most request starts in any window: 40/1s (default, the Graph reference) or 40/5s (the newer Entra "
                    + "docs; see README). A 3% margin is kept."
            ),
            .init(
                name: "concurrency", valueName: "n",
                help:
                    "Requests in flight (default 1.5 × the rate per second, e.g. 60 at 40/1s: enough to fill the rate "
                    + "at one second of latency)."
            ),
            .init(
                name: "max-attempts", valueName: "n",
                help: "Tries per batch for 5xx answers and network errors (default 5)."),
            .init(
                name: "max-requests", valueName: "n",
                help:
                    "Stop cleanly after this many requests (exit 75), to stay inside the tenant's daily quota; "
                    + "--resume continues."
            ),
            .init(
                name: "bucket-full-wait", valueName: "duration",
                help: "How long to pause when the service says its ingestion bucket is full (default 5m)."),
            .init(
                name: "bucket-full-retries", valueName: "n",
                help: "Pauses for a full bucket before stopping with exit 75 (default 3; 0 stops at once)."),
            .init(
                name: "timeout", valueName: "seconds",
                help: "Deadline of each request, connecting included (default 60)."),
            .init(
                name: "max-wait", valueName: "duration",
                help:
                    "Longest wait the service may ask for (Retry-After); a longer one stops the run cleanly (exit 75; "
                    + "--resume continues). Default 10m."
            ),
            .init(
                name: "journal", valueName: "file",
                help:
                    "Where accepted batches are journalled (default: REPORT.journal with --report, else "
                    + "~/.local/state/provision/)."
            ),
            .init(
                name: "resume", valueName: nil,
                help: "Skip the batches an earlier run of the same file, mapping and options had accepted."),
            .init(
                name: "verbose", valueName: nil,
                help: "Print each request and retry (tokens and secrets are never printed)."),
            .init(
                name: "state", valueName: "file",
                help:
                    "Delta sync: remember what was accepted per externalId; later runs send only new and changed "
                    + "records (always complete records) and find leavers."
            ),
            .init(name: "full", valueName: nil, help: "With --state, send every record even if unchanged."),
            .init(
                name: "missing", valueName: "report|disable",
                help:
                    "With --state, what to do with people sent before but missing today: 'report' (default) lists "
                    + "them; 'disable' sends each with active: false and the rest of its last record."
            ),
            .init(
                name: "max-disable", valueName: "n|p%",
                help:
                    "Leaver brake: when more leavers than this (a count, or a percentage of known people; default 5%) "
                    + "are found with --missing disable, nothing is sent (exit 65)."
            ),
            .init(
                name: "allow-empty-export", valueName: nil,
                help:
                    "With --missing disable, let an export with no valid rows disable the people it lacks (by default "
                    + "such an export disables nobody, whatever --max-disable says)."
            ),
            .init(
                name: "wait", valueName: "duration",
                help:
                    "After uploading, wait up to this long for per-record outcomes in the provisioning logs (as "
                    + "'provision status --wait')."
            ),
            .init(
                name: "poll-interval", valueName: "duration", help: "Time between log polls with --wait (default 30s)."),
            .init(
                name: "failed", valueName: "file",
                help: "With --wait, write the input rows of records that failed in the logs here."),
            .init(
                name: "heal", valueName: nil,
                help: "With --wait, heal unresolved manager references as 'provision status --heal' does."),
        ] + CommandCatalog.connectionOptions,
        examples: [
            (
                "provision upload samples/users.csv --dry-run --out /tmp/batches",
                "write the requests without sending them"
            ),
            (
                "AZURE_CLIENT_SECRET=… provision upload users.csv --endpoint "
                    + "https://graph.microsoft.com/v1.0/servicePrincipals/SP/synchronization/jobs/JOB/bulkUpload "
                    + "--tenant-id T --client-id C --report run.json",
                "send with a client secret and keep a report"
            ),
            ("provision upload users.csv --config provision.json --resume", "continue a run that stopped"),
        ],
        groups: [
            .init(title: "For a first upload", options: ["endpoint", "mapping", "dry-run", "report", "config"]),
            .init(
                title: "Input and mapping",
                options: [
                    "delimiter", "encoding", "empty-as-null", "allow-missing-active", "batch-size", "strict",
                    "ignore-unknown-attributes",
                    "max-problems",
                ]),
            .init(
                title: "Sending and pacing",
                options: [
                    "rate", "concurrency", "max-attempts", "max-requests", "max-wait", "timeout", "bucket-full-wait",
                    "bucket-full-retries",
                ]),
            .init(
                title: "Resume and delta",
                options: [
                    "resume", "journal", "state", "full", "missing", "max-disable", "allow-empty-export", "plan",
                ]),
            .init(
                title: "Results",
                options: [
                    "json", "out", "summary-md", "wait", "poll-interval", "failed", "heal", "quiet", "verbose",
                    "log-format",
                ]),
            .init(
                title: "Authentication",
                options: [
                    "tenant-id", "client-id", "client-secret-file", "client-certificate", "client-secret",
                    "managed-identity", "authority-host", "allow-host",
                ]),
        ])

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
            context.console.error("missing file (usage: \(HelpFormatter.usageLine(Self.spec)))")
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
        let settings: UploadSettings
        do {
            settings = try UploadSettings.resolve(context.settings!, environment: context.environment)
        } catch {
            return stage.fail(SyncError(configuration: error), report: &report)
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
            return .usage
        }
        var upload = UploadJob(
            export: job, endpoint: settings.endpoint, upload: settings.upload, journalPath: journalPath,
            resume: arguments.flag("resume"), version: Provision.version,
            credentialKind: settings.credential.kindDescription)
        upload.strict = arguments.flag("strict")
        upload.schemaCheck = arguments.flag("ignore-unknown-attributes") ? .warn : .refuse
        upload.rateIsExplicit = arguments.has("rate")
        upload.plan = approved
        upload.reportPath = arguments.value("report")
        upload.delimiter = arguments.value("delimiter")
        upload.encoding = arguments.value("encoding")
        let network = NetworkStack(settings: settings, maxConnections: settings.upload.concurrency)
        let printer = SyncEventPrinter(context: context)
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
        let summary = SummaryOutput(context: context)
        if summary.wantsMarkdown {
            let records = outcome.planned.flatMap { try? PlanRecord.all(of: $0) } ?? []
            if !summary.writeMarkdown(MarkdownSummary.upload(outcome.report, records: records)) { return .cannotCreate }
        }
        // `--wait`: chain `provision status` on this run's journal; the worse of the two statuses wins.
        guard arguments.has("wait"), outcome.status == .success || outcome.status == .someRowsFailed,
            let timing = StatusCommand.timing(arguments, console: context.console)
        else { return outcome.status }
        let statusJob = StatusCommand.job(arguments, settings: settings, journalPath: journalPath, timing: timing)
        let heal = StatusCommand.healJob(arguments, settings: settings, timing: timing)
        let logStatus = await StatusCommand(context: context).perform(statusJob, network: network, heal: heal)
        return logStatus == .success
            ? outcome.status : (outcome.status == .success ? logStatus : max(outcome.status, logStatus))
    }

    /// `--plan`: the plan decides the input, mapping, state and options; the command line may repeat them, but not
    /// contradict them (what was reviewed is what is sent).
    private func planJob(_ plan: PlanFile, stage: InputStage, input: String) throws(UsageError) -> ExportJob {
        let fromCommandLine = try stage.job(input: input)
        let job: ExportJob
        do {
            job = try PlanMaker.job(of: plan, preparer: fromCommandLine.preparer)
        } catch {
            throw UsageError(error.localizedDescription)
        }
        let arguments = context.arguments
        var conflicts: [String] = []
        if arguments.positionals.first.map({ $0 != plan.input.path }) ?? false { conflicts.append("the input") }
        if arguments.value("mapping").map({ $0 != plan.mapping?.path }) ?? false { conflicts.append("--mapping") }
        if arguments.value("state").map({ $0 != plan.state?.path }) ?? false { conflicts.append("--state") }
        for option in ["batch-size", "delimiter", "encoding", "missing", "max-disable", "full", "empty-as-null"]
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
            context.console.line(UploadAccounting.summary(outcome.report))
        }
    }

    private func dryRunUpload(_ job: ExportJob, stage: InputStage, report: inout RunReport) -> ExitStatus {
        do {
            try OutputPaths.check(
                outputs: FileOptions.outputs(context.arguments),
                inputs: FileOptions.inputs(context.arguments, input: job.input))
        } catch {
            context.console.error(error.localizedDescription)
            return .usage
        }
        let planned: PlannedExport
        switch stage.plan(job, report: &report) {
        case .success(let value): planned = value
        case .failure(let status): return status
        }
        report.record(planned.export)
        report.record(planned.delta, state: planned.state?.path)
        stage.printPrepared(planned)
        if context.arguments.flag("strict") && planned.export.invalid > 0 {
            let invalid = planned.export.invalid
            report.written = 0
            return stage.fail(
                .data("\(invalid) invalid row\(invalid == 1 ? "" : "s") and --strict: nothing was written"),
                report: &report)
        }
        return DryRunWriter(context: context, stage: stage).write(planned, report: &report)
    }
}

/// The real network, built once per command: URLSession, the system clock, and the token cache.
struct NetworkStack {
    let transport: URLSessionTransport
    let time: SystemTimeSource
    let tokens: TokenCache

    init(settings: UploadSettings, maxConnections: Int) {
        time = SystemTimeSource()
        transport = URLSessionTransport(maxConnectionsPerHost: maxConnections)
        let client = TokenClient(
            credential: settings.credential, cloud: settings.cloud, transport: transport, time: time)
        tokens = TokenCache(client: client, time: time)
    }
}

/// The files a command line names, as inputs (read) and outputs (written), for `OutputPaths.check`.
enum FileOptions {
    static func outputs(_ arguments: ParsedArguments) -> [OutputPaths.Named] {
        ["report", "failed", "summary-md", "junit"].compactMap { option in
            arguments.value(option).map { .init("--\(option)", $0) }
        }
    }

    static func inputs(_ arguments: ParsedArguments, input: String?) -> [OutputPaths.Named] {
        var named = ["mapping", "state", "config", "client-secret-file", "plan"].compactMap { option in
            arguments.value(option).map { OutputPaths.Named("--\(option)", $0) }
        }
        if let input { named.insert(.init("the input", input), at: 0) }
        return named
    }
}
