import Basics
import CommandLineKit
import CommandReference
import Foundation
import Presentation
import Sync

/// `provision status`: which run (journal), then a `StatusRun`, then the outcome printed.
struct StatusCommand: Command {
    static let spec = CommandSpecs.status

    let context: CommandContext

    func run() async -> ExitStatus {
        guard var resolver = context.settings else { return .internalError }
        let arguments = context.arguments
        var journalPath = arguments.value("journal") ?? arguments.value("report").map { $0 + ".journal" }
        if journalPath == nil, let file = arguments.positionals.first {
            guard let endpoint = arguments.value("endpoint") else {
                context.console.error(
                    "to find the journal of \(file), give the endpoint it was uploaded to (--endpoint, "
                        + "PROVISION_ENDPOINT or --config), or name the run with --report or --journal"
                )
                return .usage
            }
            journalPath = RunIdentity.defaultJournalPath(
                input: file, endpoint: endpoint, environment: context.environment)
        }
        guard let journalPath else {
            context.console.error("which upload? give its input file, --report FILE or --journal FILE")
            return .usage
        }
        guard let timing = Self.timing(arguments, console: context.console) else { return .usage }
        if case .contents(let contents)? = try? Journal.read(path: journalPath) {
            resolver.setDefault("endpoint", contents.header.endpoint, source: .configFile(journalPath))
            let outputs = ["failed", "summary-md", "junit"].compactMap { option in
                arguments.value(option).map { OutputPaths.Named("--\(option)", $0) }
            }
            if !outputs.isEmpty {
                do {
                    try OutputPaths.check(
                        outputs: outputs,
                        inputs: [.init("the uploaded input", contents.header.input), .init("the journal", journalPath)]
                            + FileOptions.inputs(arguments, input: nil))
                } catch {
                    context.console.error(error.localizedDescription)
                    return error.exitStatus
                }
            }
        }
        let settings: UploadSettings
        do {
            settings = try UploadSettings.resolve(resolver, environment: context.environment)
        } catch {
            context.console.error(error.message)
            return error.status
        }
        for warning in settings.warnings { context.console.warning(warning) }
        let jobs = Self.jobs(arguments, settings: settings, journalPath: journalPath, timing: timing)
        return await perform(jobs.status, network: NetworkStack(settings: settings, maxConnections: 2), heal: jobs.heal)
    }

    /// Runs the status job and prints the outcome; shared with `upload --wait`, whose Markdown summary of the upload
    /// is `markdownBefore` (`--summary-md FILE` holds both). SIGINT or SIGTERM ends the wait for the logs at once:
    /// what they showed so far is printed, and the exit is 75 (records still pending).
    func perform(
        _ job: StatusRun.Job, network: NetworkStack, heal: ReferenceHealer.Job? = nil, markdownBefore: String? = nil
    ) async -> ExitStatus {
        let signalled = Locked(false)
        let work = Task {
            await performOnce(
                job, network: network, heal: heal, markdownBefore: markdownBefore, signalled: signalled)
        }
        let trap = SignalTrap { [console = context.console] signal in
            signalled.withLock { $0 = true }
            console.warning("signal \(signal): no longer waiting for the provisioning logs")
            work.cancel()
        }
        let status = await work.value
        trap.cancel()
        return status
    }

    private func performOnce(
        _ job: StatusRun.Job, network: NetworkStack, heal: ReferenceHealer.Job?, markdownBefore: String?,
        signalled: Locked<Bool>
    ) async -> ExitStatus {
        let printer = SyncEventPrinter(console: context.console, choices: context.output)
        let review = StatusReview(
            status: job, heal: heal, transport: network.transport, tokens: network.tokens, time: network.time,
            events: printer.handle)
        do {
            let reviewed = try await review.run()
            let (outcome, status) = (reviewed.status, reviewed.exitStatus)
            StatusPrinter(console: context.console, choices: context.output).print(outcome, heal: reviewed.heal)
            let output = context.summaryOutput
            var written = output.writeMarkdown(MarkdownSummary.status(outcome), after: markdownBefore)
            if let path = context.arguments.value("junit") {
                written = output.write(Data(JUnitReport.xml(outcome).utf8), to: path) && written
            }
            // A signal ended the wait: the records without a log row yet make the status 75 (`StatusRun`).
            return written ? status : .cannotCreate
        } catch {
            if signalled.current {
                context.console.error(
                    "stopped by a signal before the provisioning logs were read; run 'provision status' again")
                return .stoppedEarly
            }
            context.console.error(error.localizedDescription)
            // The upload's half of the summary is still written to --summary-md FILE.
            if let markdownBefore, let path = context.output.summaryPath,
                !context.summaryOutput.write(Data(markdownBefore.utf8), to: path)
            {
                return .cannotCreate
            }
            return error.exitStatus
        }
    }

    /// The status and heal jobs of this command line (`--failed`, `--heal`, `--state`); shared with `upload --wait`.
    static func jobs(
        _ arguments: ParsedArguments, settings: UploadSettings, journalPath: String,
        timing: (wait: Double, poll: Double)
    ) -> (status: StatusRun.Job, heal: ReferenceHealer.Job?) {
        var status = StatusRun.Job(
            journalPath: journalPath, settings: settings, failedPath: arguments.value("failed"), wait: timing.wait,
            pollInterval: timing.poll)
        status.statePath = arguments.value("state")
        guard arguments.flag("heal") else { return (status, nil) }
        let heal = ReferenceHealer.Job(
            statePath: arguments.value("state"), settings: settings, wait: timing.wait, pollInterval: timing.poll,
            journalPath: journalPath)
        return (status, heal)
    }

    static func timing(_ arguments: ParsedArguments, console: Console) -> (wait: Double, poll: Double)? {
        var wait = 0.0
        var poll = 30.0
        if let text = arguments.value("wait") {
            guard let seconds = DurationParser.seconds(text) else {
                console.error("--wait \"\(text)\" is not a duration such as 15m, 90s or 600")
                return nil
            }
            wait = seconds
        }
        if let text = arguments.value("poll-interval") {
            guard let seconds = DurationParser.seconds(text), seconds >= 1 else {
                console.error("--poll-interval \"\(text)\" is not a duration of at least 1s")
                return nil
            }
            poll = seconds
        }
        return (wait, poll)
    }
}
