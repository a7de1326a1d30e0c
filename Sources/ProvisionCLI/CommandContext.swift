import CommandLineKit
import Presentation
import Sync

/// What every command gets: its parsed arguments, the environment, and where to write.
struct CommandContext: Sendable {
    let arguments: ParsedArguments
    let environment: [String: String]
    let console: Console
    /// Where each setting came from (commands with --config).
    var settings: SettingsResolver?

    var quiet: Bool { arguments.flag("quiet") }

    /// What the flags ask of the printers.
    var output: OutputChoices {
        var choices = OutputChoices()
        choices.quiet = quiet
        choices.verbose = arguments.flag("verbose")
        choices.json = arguments.flag("json")
        choices.maxProblems = (try? arguments.integer("max-problems", in: 0...Int.max)) ?? nil
        choices.reportPath = arguments.value("report")
        choices.summaryPath = arguments.value("summary-md")
        choices.summaryAsked = arguments.has("summary-md")
        choices.stepSummaryPath = environment["GITHUB_STEP_SUMMARY"]
        choices.listAll = arguments.flag("all")
        return choices
    }

    /// `--report`, `--summary-md`, `--junit` and GITHUB_STEP_SUMMARY.
    var summaryOutput: SummaryOutput { SummaryOutput(console: console, choices: output) }
}
