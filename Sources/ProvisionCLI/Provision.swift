import Foundation
import SCIM

/// The command-line front end: one function from arguments, environment and output streams to an exit status.
/// The executable only calls this; tests call it too.
public enum Provision {
    public static let version = BuildInfo.version

    public static func run(arguments: [String], environment: [String: String], console: Console) async -> Int32 {
        let status = await dispatch(arguments, environment: environment, console: console).rawValue
        // For the benchmark and the hostile-input tests: peak memory as the kernel counted it. VmHWM is this process
        // image's own high-water mark; getrusage's maxrss would carry over the parent's from before exec.
        if environment["PROVISION_DEBUG_PEAK_RSS"] != nil {
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
            let kilobytes = line.split(separator: " ").dropFirst().first.map(String.init) ?? "unknown"
            console.err("provision: peak-rss-kb \(kilobytes)\n")
        }
        return status
    }

    static let overview = """
        OVERVIEW: Upload HR exports to Microsoft Entra API-driven inbound provisioning.

        USAGE: provision <command> [<options>]

        COMMANDS:
        \(CommandCatalog.all.map { HelpFormatter.row($0.name, $0.abstract) }.joined())  help <command>          Show help for a command.
        \(HelpTopic.overviewRows)
        OPTIONS:
          --version               Print the version and the commit it was built from.
          -h, --help              Show help.

        See 'provision help <command>' for a command's options and examples.

        """

    static func dispatch(_ arguments: [String], environment: [String: String], console: Console) async -> ExitStatus {
        guard let first = arguments.first else {
            console.err(overview)
            return .usage
        }
        switch first {
        case "--help", "-h":
            console.out(overview)
            return .success
        case "--version", "version":
            console.line("provision \(BuildInfo.version) (commit \(BuildInfo.commit))")
            return .success
        case "help":
            return help(Array(arguments.dropFirst()), console: console)
        default:
            break
        }
        var name = first
        var rest = Array(arguments.dropFirst())
        for (group, subs) in [("mapping", ["suggest", "test"]), ("config", ["show"])] where first == group {
            guard let sub = rest.first, subs.contains(sub) else {
                let choices = subs.map { "'provision \(group) \($0)'" }.joined(separator: " or ")
                console.error("'\(group)' needs a subcommand: \(choices)")
                return .usage
            }
            name = "\(group) \(sub)"
            rest.removeFirst()
        }
        guard let spec = CommandCatalog.find(name) else {
            let suggestion = ClosestMatch.find(first, in: CommandCatalog.all.map(\.name) + ["help"]).map { "; did you mean '\($0)'?" } ?? ""
            console.error("unknown command '\(first)'\(suggestion) (see 'provision --help')")
            return .usage
        }
        let parsed: ParsedArguments
        do {
            parsed = try ArgumentParser.parse(rest, for: spec)
        } catch {
            console.error(error.message)
            return .usage
        }
        if parsed.flag("help") {
            console.out(HelpFormatter.help(for: spec))
            return .success
        }
        var console = console
        switch parsed.value("log-format") {
        case nil, "text": break
        case "json": console.jsonLogs = true
        case let other?:
            console.error("--log-format takes 'text' or 'json', not '\(other)'")
            return .usage
        }
        var settings: SettingsResolver?
        if spec.option(named: "config") != nil {
            do {
                settings = try SettingsResolver(arguments: parsed, environment: environment, spec: spec)
            } catch {
                console.error(error.message)
                return .configuration
            }
        }
        let context = CommandContext(arguments: settings?.arguments ?? parsed, environment: environment, console: console, settings: settings)
        switch spec.name {
        case "validate": return ValidateCommand(context: context).run()
        case "upload": return await UploadCommand(context: context).run()
        case "status": return await StatusCommand(context: context).run()
        case "plan": return PlanCommand(context: context).run()
        case "check": return await CheckCommand(context: context).run()
        case "mapping suggest": return MappingSuggestCommand(context: context).run()
        case "mapping test": return MappingTestCommand(context: context).run()
        case "config show": return ConfigShowCommand(context: context).run()
        case "completions":
            switch context.arguments.positionals[0] {
            case "bash": console.out(CompletionScript.bash())
            case "zsh": console.out(CompletionScript.zsh())
            default:
                console.error("completions for 'bash' or 'zsh', not '\(context.arguments.positionals[0])'")
                return .usage
            }
            return .success
        default: return .internalError
        }
    }

    static func help(_ words: [String], console: Console) -> ExitStatus {
        guard !words.isEmpty else {
            console.out(overview)
            return .success
        }
        let name = words.joined(separator: " ")
        if let topic = HelpTopic.text(of: name) {
            console.out(topic)
            return .success
        }
        guard let spec = CommandCatalog.find(name) else {
            let known = CommandCatalog.all.map(\.name) + HelpTopic.names
            let suggestion = ClosestMatch.find(name, in: known).map { "; did you mean '\($0)'?" } ?? ""
            console.error("no help for '\(name)'\(suggestion)")
            return .usage
        }
        console.out(HelpFormatter.help(for: spec))
        return .success
    }
}

/// What every command gets: its parsed arguments, the environment, and where to write.
struct CommandContext: Sendable {
    let arguments: ParsedArguments
    let environment: [String: String]
    let console: Console
    /// Where each setting came from (commands with --config).
    var settings: SettingsResolver?

    var quiet: Bool { arguments.flag("quiet") }
}
