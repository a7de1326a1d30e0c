import CommandLineKit

/// `provision validate FILE`.
extension CommandSpecs {
    package static let validate = CommandSpec(
        name: "validate",
        abstract: "Read, map and check an HR export without sending anything.",
        discussion:
            "Prints a summary (rows, valid, invalid, warnings) and each problem as FILE:LINE with the externalId and "
            + "column (JSON records: FILE: record N (JSON path)). The input is a CSV, JSON or NDJSON file, stdin "
            + "('-'), or an HR system's API (--source), read into a snapshot first.\nExit 0 when every row is valid, "
            + "1 when some rows are invalid, 65 for a file-level problem, 66 when the file cannot be opened; a source "
            + "that cannot be read: 69 unreachable, 77 credentials refused, 78 its settings.",
        arguments: [inputArgument],
        options: inputOptions + [
            Options.schema,
            Options.config,
            Options.json.help("Print the report as JSON on stdout instead of the summary."),
        ] + sourceOptions + sourceLimits + [sourceAllowHost],
        examples: [
            ("provision validate samples/users.csv", "check an export whose headers are SCIM paths"),
            (
                "provision validate samples/workday-export.csv --mapping samples/workday-mapping.json",
                "check an HR export with its own column names"
            ),
            ("provision validate people.json --records-path Report_Entry --mapping m.json", "a JSON file"),
            (
                "provision validate --config samples/hr/workday.json",
                "the records of a Workday report, read from its API (the config's source block)"
            ),
        ])
}
