import CommandLineKit

/// `provision mapping suggest | test`.
extension CommandSpecs {
    package static let mappingSuggest = CommandSpec(
        name: "mapping suggest",
        abstract: "Print a starter mapping file guessed from an export's header names.",
        discussion:
            "Recognises common HR names (WorkerID, EmployeeID, FirstName, LastName, Email, ManagerID, Department, …). "
            + "Columns it cannot place are listed under a custom namespace for you to edit or remove. For JSON records "
            + "the columns are the dotted paths the records have (job.title, phones.0.number), every one listed.",
        arguments: [inputArgument],
        options: [
            Options.format, Options.recordsPath, Options.delimiter,
            Options.encoding.help("Input encoding (see 'provision help validate')."), Options.config,
        ] + sourceOptions + sourceLimits + [sourceAllowHost],
        examples: [
            ("provision mapping suggest hr-export.csv > mapping.json", "start a mapping file"),
            (
                "provision mapping suggest --config samples/hr/workday.json > mapping.json",
                "from the paths of a Workday report's records (read from its API)"
            ),
        ])

    package static let mappingTest = CommandSpec(
        name: "mapping test",
        abstract: "Show how a mapping file maps one row: each attribute's rule or expression, and its value.",
        discussion: """
            Reads the header and the record that starts on line --row: the physical line number, as every message \
            shows it (line 1 is the header, and a record with a quoted line break spans several lines); for JSON \
            records (a JSON or NDJSON file, a source) --row is the record's position, from 1. Maps it with \
            the mapping file and prints, per SCIM attribute, the column, template or expression and what it gives; \
            then the mapping's warnings, the row's problems, and the record as it would be sent. Checks that need \
            the whole file (duplicate externalIds, managers) are left to 'provision validate'.
            Exit: 0 the row is valid; 1 it has errors; 64 usage (no record starts on that line); 65 a bad mapping \
            or CSV; 66 a file cannot be opened.
            """,
        arguments: [
            .init(
                name: "mapping", help: "The JSON mapping file (see 'provision help mapping').", role: .input,
                label: "the mapping"),
            inputArgument,
        ],
        options: [
            Options.row, Options.format, Options.recordsPath, Options.delimiter,
            Options.encoding.help("Input encoding (see 'provision help validate')."),
            Options.emptyAsNull.help("Show a blank value as the explicit null it would be sent as."), Options.config,
        ] + sourceOptions + sourceLimits + [sourceAllowHost],
        examples: [
            (
                "provision mapping test samples/workday-mapping.json --row 3 samples/workday-export.csv",
                "see what each attribute of the record on line 3 gets"
            )
        ])
}
