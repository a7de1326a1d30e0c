/// What a command line asked of the output, read once by the front end: the printers take this, not the flags.
public struct OutputChoices: Sendable {
    /// `--quiet`: no progress, notices, summary or row warnings; errors (row errors included) are always printed.
    public var quiet = false
    /// `--verbose`: a line per request and retry.
    public var verbose = false
    /// `--json`: the result as one JSON document on stdout.
    public var json = false
    /// `--max-problems`: nil prints the default 20, 0 prints all.
    public var maxProblems: Int?
    /// `--report FILE`: the run report as JSON.
    public var reportPath: String?
    /// `--summary-md FILE`.
    public var summaryPath: String?
    /// `--summary-md` was given, even without a value (an empty list in a config file): a summary is still made.
    public var summaryAsked = false
    /// `GITHUB_STEP_SUMMARY`, the file GitHub Actions shows as the job's summary.
    public var stepSummaryPath: String?
    /// `status --all`: every record with its outcome, not only the failures.
    public var listAll = false

    public init() {}
}
