/// What a command line asked of the output, read once by the front end: the printers take this, not the flags.
package struct OutputChoices: Sendable {
    /// `--quiet`: no progress, notices, summary or row warnings; errors (row errors included) are always printed.
    package var quiet = false
    /// `--verbose`: a line per request and retry.
    package var verbose = false
    /// `--json`: the result as one JSON document on stdout.
    package var json = false
    /// `--max-problems`: nil prints the default 20, 0 prints all.
    package var maxProblems: Int?
    /// `--report FILE`: the run report as JSON.
    package var reportPath: String?
    /// `--summary-md FILE`.
    package var summaryPath: String?
    /// `--summary-md` was given, even without a value (an empty list in a config file): a summary is still made.
    package var summaryAsked = false
    /// `GITHUB_STEP_SUMMARY`, the file GitHub Actions shows as the job's summary.
    package var stepSummaryPath: String?
    /// `status --all`: every record with its outcome, not only the failures.
    package var listAll = false

    package init() {}
}
