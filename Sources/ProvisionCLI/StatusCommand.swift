import CommandLineKit
import CommandReference
import Foundation
import Graph
import JSONDocument
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
            if let failed = arguments.value("failed") {
                do {
                    try OutputPaths.check(
                        outputs: [.init("--failed", failed)],
                        inputs: [.init("the uploaded input", contents.header.input), .init("the journal", journalPath)]
                            + FileOptions.inputs(arguments, input: nil))
                } catch {
                    context.console.error(error.localizedDescription)
                    return .usage
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

    /// Runs the status job and prints the outcome; shared with `upload --wait`.
    func perform(_ job: StatusRun.Job, network: NetworkStack, heal: ReferenceHealer.Job? = nil) async -> ExitStatus {
        let printer = SyncEventPrinter(context: context)
        let run = StatusRun(
            job: job, transport: network.transport, tokens: network.tokens, time: network.time, events: printer.handle)
        do {
            let outcome = try await run.run()
            var status = outcome.status
            var healed: ReferenceHealer.Outcome?
            if let heal {
                let healer = ReferenceHealer(
                    job: heal, transport: network.transport, tokens: network.tokens, time: network.time,
                    events: printer.handle)
                let result = try await healer.run(outcome)
                healed = result
                status = outcome.status(after: result)
            }
            print(outcome, heal: healed)
            let output = SummaryOutput(context: context)
            var written = output.writeMarkdown(MarkdownSummary.status(outcome))
            if let path = context.arguments.value("junit") {
                written = output.write(Data(JUnitReport.xml(outcome).utf8), to: path) && written
            }
            return written ? status : .cannotCreate
        } catch {
            context.console.error(error.localizedDescription)
            return error.exitStatus
        }
    }

    /// The status and heal jobs of this command line (`--failed`, `--heal`, `--state`); shared with `upload --wait`.
    static func jobs(
        _ arguments: ParsedArguments, settings: UploadSettings, journalPath: String,
        timing: (wait: Double, poll: Double)
    ) -> (status: StatusRun.Job, heal: ReferenceHealer.Job?) {
        let status = StatusRun.Job(
            journalPath: journalPath, settings: settings, failedPath: arguments.value("failed"), wait: timing.wait,
            pollInterval: timing.poll)
        guard arguments.flag("heal") else { return (status, nil) }
        let heal = ReferenceHealer.Job(
            statePath: arguments.value("state"), settings: settings, wait: timing.wait, pollInterval: timing.poll)
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

    private func print(_ outcome: StatusRun.Outcome, heal: ReferenceHealer.Outcome?) {
        let console = context.console
        let summary = outcome.summary
        let header = outcome.header
        let unresolved = ReferenceHealer.candidates(summary)
        if context.arguments.flag("json") {
            var object: [String: Any] = [
                "input": header.input, "jobId": header.jobId,
                "uploadedAt": ISO8601DateFormatter().string(from: header.startedAt),
                "records": summary.records.count, "byStatus": summary.byStatus, "byAction": summary.byAction,
                "pending": summary.pending.count,
                "failures": summary.failures.sorted { $0.line < $1.line }.map { record -> [String: Any] in
                    [
                        "externalId": record.externalId, "line": record.line, "action": record.entry?.action ?? "",
                        "errorCode": record.entry?.errorCode ?? "", "reason": record.entry?.reason ?? "",
                        "recommendedAction": record.entry?.recommendedAction ?? "",
                    ]
                },
                "unresolvedManagers": unresolved.map { ["externalId": $0.externalId, "line": $0.line] },
                "exitStatus": Int((heal.map { outcome.status(after: $0) } ?? outcome.status).rawValue),
            ]
            if let heal { object["heal"] = Self.json(heal) }
            let data =
                (try? JSONSerialization.data(
                    withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            console.out(String(decoding: data, as: UTF8.self) + "\n")
            return
        }
        let counts = ["success", "warning", "failure", "skipped"].map { "\(summary.byStatus[$0] ?? 0) \($0)" }.joined(
            separator: ", ")
        console.line(
            "\(header.input): \(plural(summary.records.count, "record")) uploaded: \(counts), \(summary.pending.count) "
                + "pending"
        )
        if !summary.byAction.isEmpty {
            console.line(
                "actions: "
                    + summary.byAction.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(
                        separator: ", "))
        }
        let failures = summary.failures.sorted { $0.line < $1.line }
        let limit = (try? context.arguments.integer("max-problems", in: 0...Int.max)) ?? nil
        let shown = limit == 0 ? failures.count : min(limit ?? 20, failures.count)
        for record in failures.prefix(shown) {
            let entry = record.entry!
            var text =
                "\(header.input):\(record.line): failure: externalId \"\(record.externalId)\" (\(entry.action)): "
                + "\(entry.errorCode ?? "error")"
            if let reason = entry.reason { text += ": \(reason)" }
            if let action = entry.recommendedAction { text += " — \(action)" }
            console.line(text)
        }
        if shown < failures.count {
            let more = failures.count - shown
            console.line(
                "… and \(more) more failure\(more == 1 ? "" : "s") (all of them with --max-problems 0, --json, --junit "
                    + "FILE or --failed FILE)"
            )
        }
        if let heal {
            for id in heal.healed {
                console.line("healed: externalId \"\(id)\": sent again after its manager, now a success")
            }
            for (id, reason) in heal.stillFailing { console.line("still failing: externalId \"\(id)\": \(reason)") }
            for (id, manager) in heal.managerUnknown {
                let who = manager.map { "its manager \"\($0)\" is" } ?? "it names no manager, or its manager is"
                console.line(
                    "not healed: externalId \"\(id)\": \(who) not known to this job (neither in the input nor in the "
                        + "state); upload the manager, then run 'provision status --heal' again"
                )
            }
            for id in heal.pending {
                console.line(
                    "pending: externalId \"\(id)\": the logs had not shown the outcome when the wait ended (--wait)")
            }
        } else if !unresolved.isEmpty {
            console.line(
                "\(plural(unresolved.count, "record")) could not be given a manager "
                    + "(UnableToResolveReferenceAttributeValue: the manager had not been processed first): 'provision "
                    + "status --heal' sends each manager, waits for it, then the record again"
            )
        }
    }

    static func json(_ heal: ReferenceHealer.Outcome) -> [String: Any] {
        [
            "healed": heal.healed,
            "stillFailing": heal.stillFailing.map { ["externalId": $0.externalId, "reason": $0.reason] },
            "managerUnknown": heal.managerUnknown.map { ["externalId": $0.externalId, "manager": $0.manager ?? ""] },
            "pending": heal.pending,
        ]
    }
}
