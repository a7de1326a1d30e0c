import Basics
import CommandLineKit
import CommandReference
import Configuration
import Foundation
import Presentation
import Sync

/// `provision status`: which run (journal), then a `StatusRun`, then the outcome printed.
struct StatusCommand: Command {
    static let spec = CommandSpecs.status

    let context: CommandContext

    func run() async -> ExitStatus {
        // The endpoint a journal names fills in for one nobody gave.
        var context = self.context
        var journalPath =
            context.values[Options.uploadJournal] ?? context.values[Options.uploadReport].map { $0 + ".journal" }
        if journalPath == nil, let file = context.positionals.first {
            guard let endpoint = context.values[Options.endpoint] else {
                return CommandFailure.report(
                    SyncError.usage(
                        "to find the journal of \(file), give the endpoint it was uploaded to (--endpoint, "
                            + "PROVISION_ENDPOINT or --config), or name the run with --report or --journal"),
                    context.console)
            }
            journalPath = RunIdentity.defaultJournalPath(
                input: file, endpoint: endpoint, environment: context.environment)
        }
        guard let journalPath else {
            return CommandFailure.report(
                SyncError.usage("which upload? give its input file, --report FILE or --journal FILE"), context.console)
        }
        let timing = Self.timing(context.values)
        if case .contents(let contents)? = try? Journal.read(path: journalPath) {
            do {
                try context.values.setDefault(
                    Options.endpoint, contents.header.endpoint, source: .configFile(journalPath))
                // The upload's input and journal, named by the journal, are inputs too.
                let outputs = context.values.files(.output).map { OutputPaths.Named($0.name, $0.path) }
                if !outputs.isEmpty {
                    try OutputPaths.check(
                        outputs: outputs,
                        inputs: [.init("the uploaded input", contents.header.input), .init("the journal", journalPath)]
                            + context.values.files(.input).map { OutputPaths.Named($0.name, $0.path) })
                }
            } catch {
                return CommandFailure.report(error, context.console)
            }
        }
        let settings: UploadSettings
        do {
            settings = try context.uploadSettings()
        } catch {
            return CommandFailure.report(error, context.console)
        }
        for warning in settings.warnings { context.console.warning(warning) }
        let jobs = Self.jobs(context.values, settings: settings, journalPath: journalPath, timing: timing)
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
            if let path = context.values[Options.junit] {
                written = output.write(Data(JUnitReport.xml(outcome).utf8), to: path) && written
            }
            // A signal ended the wait: the records without a log row yet make the status 75 (`StatusRun`).
            return written ? status : status.combined(with: .cannotCreate)
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
            return ExitStatus(failure: error)
        }
    }

    /// The status and heal jobs of this command line (`--failed`, `--heal`, `--state`); shared with `upload --wait`.
    static func jobs(
        _ values: OptionValues, settings: UploadSettings, journalPath: String, timing: (wait: Double, poll: Double)
    ) -> (status: StatusRun.Job, heal: ReferenceHealer.Job?) {
        var status = StatusRun.Job(
            journalPath: journalPath, settings: settings, failedPath: values[Options.failed], wait: timing.wait,
            pollInterval: timing.poll)
        status.statePath = values[Options.state]
        guard values.flag(Options.heal) else { return (status, nil) }
        let heal = ReferenceHealer.Job(
            statePath: values[Options.state], settings: settings, wait: timing.wait, pollInterval: timing.poll,
            journalPath: journalPath)
        return (status, heal)
    }

    /// `--wait` (default: no wait) and `--poll-interval` (default 30 s).
    static func timing(_ values: OptionValues) -> (wait: Double, poll: Double) {
        (values[Options.wait] ?? 0, values[Options.pollInterval] ?? 30)
    }
}
