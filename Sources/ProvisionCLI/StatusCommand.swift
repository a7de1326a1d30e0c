import Foundation

/// `provision status`: which run (journal), then `StatusRunner`.
struct StatusCommand {
    let context: CommandContext

    func run() async -> ExitStatus {
        guard var resolver = context.settings else { return .internalError }
        let arguments = context.arguments
        var journalPath = arguments.value("journal") ?? arguments.value("report").map { $0 + ".journal" }
        if journalPath == nil, let file = arguments.positionals.first {
            guard let endpoint = arguments.value("endpoint") else {
                context.console.error("to find the journal of \(file), give the endpoint it was uploaded to (--endpoint, PROVISION_ENDPOINT or --config), or name the run with --report or --journal")
                return .usage
            }
            journalPath = RunIdentity.defaultJournalPath(input: file, endpoint: endpoint, environment: context.environment)
        }
        guard let journalPath else {
            context.console.error("which upload? give its input file, --report FILE or --journal FILE")
            return .usage
        }
        if let header = (try? Journal.read(path: journalPath))??.header {
            resolver.setDefault("endpoint", header.endpoint, source: .configFile(journalPath))
        }
        let settings: UploadSettings
        do {
            settings = try UploadSettings.resolve(resolver, environment: context.environment)
        } catch {
            context.console.error(error.message)
            return error.status
        }
        for warning in settings.warnings { context.console.warning(warning) }
        guard let timing = Self.timing(arguments, console: context.console) else { return .usage }
        return await StatusRunner(context: context, journalPath: journalPath, settings: settings, wait: timing.wait, pollInterval: timing.poll).run()
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
