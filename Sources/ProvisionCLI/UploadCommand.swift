import Foundation
import Mapping
import Sync
import Token
import Transport

/// `provision upload FILE`: read and check the export, then either write the requests (`--dry-run`) or send them
/// through a `SyncRun`, and with `--wait` read their outcomes.
struct UploadCommand {
    let context: CommandContext

    func run() async -> ExitStatus {
        let arguments = context.arguments
        let path = arguments.positionals[0]
        let stage = InputStage(context: context)
        let dryRun = arguments.flag("dry-run")
        var report = RunReport.starting(dryRun ? "upload --dry-run" : "upload", input: path)
        if arguments.has("out") && !dryRun {
            context.console.error("--out goes with --dry-run (it names where the requests are written instead of sent)")
            return .usage
        }
        if dryRun && !arguments.has("out") && arguments.flag("json") {
            context.console.error("--json needs --out DIR with --dry-run: without --out the requests themselves go to stdout")
            return .usage
        }
        let job: ExportJob
        do {
            job = try stage.job(input: path)
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
            context.console.error(error.message)
            return stage.fail(.configuration(error.message), report: &report)
        }
        let journalPath = arguments.value("journal") ?? arguments.value("report").map { $0 + ".journal" }
            ?? RunIdentity.defaultJournalPath(input: path, endpoint: settings.endpoint.url.absoluteString, environment: context.environment)
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
            resume: arguments.flag("resume"), version: Provision.version, credentialKind: settings.credential.kindDescription)
        upload.strict = arguments.flag("strict")
        upload.reportPath = arguments.value("report")
        upload.delimiter = arguments.value("delimiter")
        upload.encoding = arguments.value("encoding")
        let network = NetworkStack(settings: settings, maxConnections: settings.upload.concurrency)
        let printer = SyncEventPrinter(context: context)
        let run = SyncRun(job: upload, transport: network.transport, tokens: network.tokens, time: network.time, events: printer.handle)
        let trap = SignalTrap { signal in
            context.console.warning("signal \(signal): finishing the requests in flight, then stopping (resume with --resume)")
            run.stop()
        }
        let outcome = await run.run()
        trap.cancel()
        printer.finish()
        print(outcome)
        // `--wait`: chain `provision status` on this run's journal; the worse of the two statuses wins.
        guard arguments.has("wait"), outcome.status == .success || outcome.status == .someRowsFailed,
              let timing = StatusCommand.timing(arguments, console: context.console)
        else { return outcome.status }
        let statusJob = StatusCommand.job(arguments, journalPath: journalPath, endpoint: settings.endpoint, timing: timing)
        let logStatus = await StatusCommand(context: context).perform(statusJob, network: network)
        return logStatus == .success ? outcome.status : (outcome.status == .success ? logStatus : max(outcome.status, logStatus))
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
            try OutputPaths.check(outputs: FileOptions.outputs(context.arguments), inputs: FileOptions.inputs(context.arguments, input: job.input))
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
            return stage.fail(.data("\(invalid) invalid row\(invalid == 1 ? "" : "s") and --strict: nothing was written"), report: &report)
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
        let client = TokenClient(credential: settings.credential, cloud: settings.cloud, transport: transport, time: time)
        tokens = TokenCache(client: client, time: time)
    }
}

/// The files a command line names, as inputs (read) and outputs (written), for `OutputPaths.check`.
enum FileOptions {
    static func outputs(_ arguments: ParsedArguments) -> [OutputPaths.Named] {
        ["report", "failed"].compactMap { option in arguments.value(option).map { .init("--\(option)", $0) } }
    }

    static func inputs(_ arguments: ParsedArguments, input: String?) -> [OutputPaths.Named] {
        var named = ["mapping", "state", "config", "client-secret-file"].compactMap { option in
            arguments.value(option).map { OutputPaths.Named("--\(option)", $0) }
        }
        if let input { named.insert(.init("the input", input), at: 0) }
        return named
    }
}
