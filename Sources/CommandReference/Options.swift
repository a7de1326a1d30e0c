import CSV
import CommandLineKit
import Sync

/// provision's options, each declared once: its name, the type of its value and the parser that checks it (with
/// the one message a refused value gets, whether a flag, an environment variable or a config file gave it), its
/// environment variable, whether a config file may hold it, its help and what the file it names is to the command.
/// The command specs (`CommandSpecs`) list the options each command takes, some with their help phrased for that
/// command; the front end reads every value through these declarations.
package enum Options {
    // Reading the export.

    package static let mapping = Option(
        "mapping", valueName: "file", .text, role: .input,
        help: "JSON mapping from the file's columns to SCIM attributes. Without it, every header must be a SCIM "
            + "attribute path.")
    package static let delimiter: Option<UInt8> = Option(
        "delimiter", valueName: "char",
        .converting(CSVDialect.delimiter(named:)) { "takes ',', ';', '|' or 'tab', not '\($0)'" },
        help: "Field delimiter: ',' (default), ';', '|' or 'tab'.")
    package static let encoding: Option<TextEncoding> = Option(
        "encoding", valueName: "name",
        .converting(TextEncoding.init(name:)) {
            "takes \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")), not '\($0)'"
        },
        help: "Input encoding: utf-8 (default; a UTF-16 byte-order mark is recognised), utf-16le, utf-16be, "
            + "windows-1252 or latin1.")
    package static let emptyAsNull = Option.flag(
        "empty-as-null",
        help: "Send a blank cell (JSON: null, \"\", [], {} or a missing key) as an explicit null (tenants using "
            + "\"clear attribute values\"); by default a blank cell omits the attribute.")
    package static let allowMissingActive = Option.flag(
        "allow-missing-active",
        help: "Accept a mapping that never writes active (a warning instead of an error). With the default "
            + "mappings every record sent without active disables its account.")
    package static let batchSize = Option(
        "batch-size", valueName: "n", .integer(in: 1...50),
        help: "Users per request, 1 to 50 (default 50, the service's maximum).")
    /// The job's schema saved by `schema show --out`, for the offline commands.
    package static let schema = Option(
        "schema", valueName: "file", .text, role: .input,
        help: "The job's synchronization schema as 'provision schema show --out FILE' saves it: the checks then follow "
            + "the job's own mappings (the Entra attribute each value goes to, whether userName becomes the user "
            + "principal name unchanged, attributes whose omission clears them) instead of the default mappings.")
    /// `mapping test`: the line its record starts on.
    package static let row: Option<Int> = Option(
        "row", valueName: "n",
        .converting({ Int($0).flatMap { $0 >= 1 ? $0 : nil } }) {
            "takes a line number (a record's position for JSON), not '\($0)'"
        },
        help: "The line the record starts on (required; line 1 is the header); for JSON records, the record's "
            + "position from 1.")

    // What is printed and written.

    package static let report = Option(
        "report", valueName: "file", .text, role: .output, help: "Write the run report as JSON to this file.")
    package static let maxProblems = Option(
        "max-problems", valueName: "n", .integer(in: 0...Int.max),
        help: "Print at most this many problems on stderr (default 20; 0 prints all). The report always has all.")
    package static let quiet = Option.flag(
        "quiet",
        help: "Print only errors: every row error (up to --max-problems) and what stops the run, on stderr; no "
            + "progress, notices, row warnings or summary (plan: no plan). The exit status tells the outcome.")
    package static let json = Option.flag("json", help: "Print the report as JSON on stdout.")
    package static let summaryMarkdown = Option(
        "summary-md", valueName: "file", .text, role: .output,
        help: "Write a Markdown summary (counts, changed attributes, leavers, failures); also appended to "
            + "GITHUB_STEP_SUMMARY when set.")
    package static let verbose = Option.flag(
        "verbose", help: "Print each request and retry (tokens and secrets are never printed).")
    package static let logFormat: Option<LogFormat> = Option(
        "log-format", valueName: "text|json",
        .converting(LogFormat.init(rawValue:)) { "takes 'text' or 'json', not '\($0)'" },
        help: "Diagnostics on stderr as text (default) or one JSON object per event, for log shippers: time, level, "
            + "message, command, and a problem's file, line, externalId, column and kind.")
    /// `upload --dry-run --out DIR`.
    package static let outDirectory = Option(
        "out", valueName: "dir", .text, role: .outputDirectory,
        help: "With --dry-run, write one file per BulkRequest into this directory.")
    /// `plan --out FILE`, `schema show --out FILE`.
    package static let outFile = Option("out", valueName: "file", .text, role: .output, help: "Write it to this file.")
    package static let config = Option(
        "config", valueName: "file", .text, inConfigFile: false, role: .input,
        help: "JSON file of non-secret settings under the options' long names, e.g. {\"endpoint\": \"…\", "
            + "\"tenant-id\": \"…\", \"mapping\": \"…\"}. Flags and environment variables win over it.")
    package static let yes = Option.flag("yes", help: "Write the schema (without it nothing is changed).")
    package static let ignoreUnknownAttributes = Option.flag(
        "ignore-unknown-attributes",
        help: "Send even if the mapping sends attributes the job's schema lacks (a warning; the service drops "
            + "them). By default they stop the run before anything is sent (exit 65).")
}

/// `--log-format`.
package enum LogFormat: String, Sendable {
    case text, json
}
