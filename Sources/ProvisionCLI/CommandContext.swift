import CommandLineKit
import CommandReference
import Presentation
import Sync

/// What every command gets: its settings (the command line merged with the environment and the config file, each
/// value checked by its declaration), the environment, and where to write.
struct CommandContext: Sendable {
    var values: OptionValues
    let environment: [String: String]
    let console: Console

    var positionals: [String] { values.positionals }
    var quiet: Bool { values.flag(Options.quiet) }

    /// What the flags ask of the printers.
    var output: OutputChoices {
        var choices = OutputChoices()
        choices.quiet = quiet
        choices.verbose = values.flag(Options.verbose)
        choices.json = values.flag(Options.json)
        choices.maxProblems = values[Options.maxProblems]
        choices.reportPath = values[Options.report]
        choices.summaryPath = values[Options.summaryMarkdown]
        choices.summaryAsked = values.has(Options.summaryMarkdown)
        choices.stepSummaryPath = environment["GITHUB_STEP_SUMMARY"]
        choices.listAll = values.flag(Options.all)
        return choices
    }

    /// `--report`, `--summary-md`, `--junit` and GITHUB_STEP_SUMMARY.
    var summaryOutput: SummaryOutput { SummaryOutput(console: console, choices: output) }
}
