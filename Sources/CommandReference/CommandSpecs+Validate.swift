import CommandLineKit

/// `provision validate FILE`.
extension CommandSpecs {
    public static let validate = CommandSpec(
        name: "validate",
        abstract: "Read, map and check an HR export without sending anything.",
        discussion:
            "Prints a summary (rows, valid, invalid, warnings) and each problem as FILE:LINE with the externalId and "
            + "column.\nExit 0 when every row is valid, 1 when some rows are invalid, 65 for a file-level problem, "
            + "66 when the file cannot be opened.",
        arguments: [inputArgument],
        options: inputOptions + [
            Options.schema,
            Options.config,
            Options.json.help("Print the report as JSON on stdout instead of the summary."),
        ],
        examples: [
            ("provision validate samples/users.csv", "check an export whose headers are SCIM paths"),
            (
                "provision validate samples/workday-export.csv --mapping samples/workday-mapping.json",
                "check an HR export with its own column names"
            ),
        ])
}
