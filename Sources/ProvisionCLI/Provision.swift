import Basics
import CommandLineKit
import CommandReference
import Foundation
import Presentation
import Sync

/// The command-line front end: one function from arguments, environment and output streams to an exit status.
/// The executable only calls this; tests call it too.
package enum Provision {
    package static let version = BuildInfo.version

    package static func run(arguments: [String], environment: [String: String], console: Console) async -> Int32 {
        let status = await dispatch(arguments, environment: environment, console: console).rawValue
        // For the benchmark and the hostile-input tests: peak memory as the kernel counted it. VmHWM is this process
        // image's own high-water mark; getrusage's maxrss would carry over the parent's from before exec.
        if environment["PROVISION_DEBUG_PEAK_RSS"] != nil {
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
            let kilobytes = line.split(separator: " ").dropFirst().first.map(String.init) ?? "unknown"
            // CPU seconds (user and system) as whole milliseconds, for the bounded-resource tests.
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            func milliseconds(_ time: timeval) -> Int { Int(time.tv_sec) * 1000 + Int(time.tv_usec) / 1000 }
            let cpu = milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime)
            console.err("provision: cpu-ms \(cpu)\nprovision: peak-rss-kb \(kilobytes)\n")
        }
        return status
    }

    /// The parser of provision's command lines, with SCIM's "did you mean" for misspelt options.
    static let parser = ArgumentParser(program: CommandCatalog.program) { ClosestMatch.find($0, in: $1) }

    static func dispatch(_ arguments: [String], environment: [String: String], console: Console) async -> ExitStatus {
        guard let first = arguments.first else {
            console.err(OverviewHelp.text)
            return ExitStatus(failure: SyncError.usage("no command"))
        }
        switch first {
        case "--help", "-h":
            console.out(OverviewHelp.text)
            return ExitStatus(.completed)
        case "--version", "version":
            console.line("provision \(BuildInfo.version) (commit \(BuildInfo.commit))")
            return ExitStatus(.completed)
        case "help":
            return help(Array(arguments.dropFirst()), console: console)
        default:
            break
        }
        var words = [first]
        var rest = Array(arguments.dropFirst())
        // Two-word commands ("mapping suggest", "config show"): the group alone names no command.
        let groups = Set(
            CommandCatalog.all.compactMap { $0.name.split(separator: " ").first.map(String.init) }
                .filter { group in CommandCatalog.find(group) == nil })
        if groups.contains(first) {
            guard let sub = rest.first, CommandCatalog.find("\(first) \(sub)") != nil else {
                let names = CommandCatalog.all.map(\.name).filter { $0.hasPrefix(first + " ") }
                let subs = names.map { "'provision \($0)'" }.joined(separator: " or ")
                guard let sub = rest.first, !sub.hasPrefix("-") else {
                    return CommandFailure.report(SyncError.usage("'\(first)' needs a subcommand: \(subs)"), console)
                }
                let words = names.map { String($0.dropFirst(first.count + 1)) }
                let hint =
                    ClosestMatch.find(sub, in: words).map { "did you mean '\(first) \($0)'?" } ?? "it takes \(subs)"
                return CommandFailure.report(SyncError.usage("unknown command '\(first) \(sub)'; \(hint)"), console)
            }
            words.append(sub)
            rest.removeFirst()
        }
        let name = words.joined(separator: " ")
        guard let command = Commands.find(name) else {
            let candidates = CommandCatalog.all.map(\.name).filter { !$0.contains(" ") } + groups.sorted() + ["help"]
            let suggestion = ClosestMatch.find(first, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
            return CommandFailure.report(
                SyncError.usage("unknown command '\(first)'\(suggestion) (see 'provision --help')"), console)
        }
        let spec = CommandCatalog.withCommonOptions(command.spec)
        let parsed: ParsedArguments
        do {
            parsed = try parser.parse(rest, for: spec)
        } catch {
            return CommandFailure.report(error, console)
        }
        if parsed.wantsHelp {
            console.out(CommandCatalog.helpFormatter.help(for: spec))
            return ExitStatus(.completed)
        }
        var console = console
        // Where diagnostics go is known first, so that every later error goes there.
        do {
            if try parsed.text(Options.logFormat).flatMap({ text throws(UsageError) in
                try Options.logFormat.value(of: text, setting: "--log-format")
            }) == .json {
                console.jsonLogs = true
                console.command = name
            }
            let values = try SettingsResolver.resolve(parsed, spec: spec, environment: environment)
            if values[Options.logFormat] == .json {
                console.jsonLogs = true
                console.command = name
            }
            // No output may overwrite an input, whatever the command: checked before anything is read or written.
            try OutputPaths.check(outputs: named(values.files(.output)), inputs: named(values.files(.input)))
            let context = CommandContext(values: values, environment: environment, console: console)
            return await command.init(context: context).run()
        } catch {
            return CommandFailure.report(error, console)
        }
    }

    private static func named(_ files: [(name: String, path: String)]) -> [OutputPaths.Named] {
        files.map { OutputPaths.Named($0.name, $0.path) }
    }

    static func help(_ words: [String], console: Console) -> ExitStatus {
        guard !words.isEmpty else {
            console.out(OverviewHelp.text)
            return ExitStatus(.completed)
        }
        let name = words.joined(separator: " ")
        if let topic = HelpTopic.text(of: name) {
            console.out(topic)
            return ExitStatus(.completed)
        }
        guard let spec = CommandCatalog.find(name) else {
            let topics = CommandCatalog.all.map(\.name) + HelpTopic.names
            let suggestion = ClosestMatch.find(name, in: topics).map { "; did you mean '\($0)'?" } ?? ""
            return CommandFailure.report(SyncError.usage("no help for '\(name)'\(suggestion)"), console)
        }
        console.out(CommandCatalog.helpFormatter.help(for: spec))
        return ExitStatus(.completed)
    }
}
