/// Every command's interface. Options shared by several commands are defined once here.
enum CommandCatalog {
    static let inputOptions: [CommandSpec.Option] = [
        .init(name: "mapping", valueName: "file", help: "JSON mapping from the file's columns to SCIM attributes. Without it, every header must be a SCIM attribute path."),
        .init(name: "delimiter", valueName: "char", help: "Field delimiter: ',' (default), ';', '|' or 'tab'."),
        .init(name: "encoding", valueName: "name", help: "Input encoding: utf-8 (default; a UTF-16 byte-order mark is recognised), utf-16le, utf-16be, windows-1252 or latin1."),
        .init(name: "empty-as-null", valueName: nil, help: "Send a blank cell as an explicit null (tenants using \"clear attribute values\"); by default a blank cell omits the attribute."),
        .init(name: "report", valueName: "file", help: "Write the run report as JSON to this file."),
        .init(name: "max-problems", valueName: "n", help: "Print at most this many problems on stderr (default 20; 0 prints all). The report always has all."),
        .init(name: "quiet", valueName: nil, help: "Print nothing but errors."),
    ]

    static let validate = CommandSpec(
        name: "validate",
        abstract: "Read, map and check an HR export without sending anything.",
        discussion: "Prints a summary (rows, valid, invalid, warnings) and each problem as FILE:LINE with the externalId and column.\nExit 0 when every row is valid, 1 when some rows are invalid, 65 for a file-level problem, 66 when the file cannot be opened.",
        arguments: [.init(name: "file", help: "The CSV export.")],
        options: inputOptions + [.init(name: "json", valueName: nil, help: "Print the report as JSON on stdout instead of the summary.")],
        examples: [
            ("provision validate samples/users.csv", "check an export whose headers are SCIM paths"),
            ("provision validate samples/workday-export.csv --mapping samples/workday-mapping.json", "check an HR export with its own column names"),
        ])

    static let upload = CommandSpec(
        name: "upload",
        abstract: "Send an HR export to the provisioning app's /bulkUpload endpoint.",
        discussion: "With --dry-run nothing is sent: each BulkRequest is written to --out DIR as batch-00001.json, batch-00002.json, …, or to stdout as one JSON document per line.",
        arguments: [.init(name: "file", help: "The CSV export.")],
        options: inputOptions + [
            .init(name: "dry-run", valueName: nil, help: "Do everything except the network: write the BulkRequests instead of sending them."),
            .init(name: "out", valueName: "dir", help: "With --dry-run, write one file per BulkRequest into this directory."),
            .init(name: "batch-size", valueName: "n", help: "Users per request, 1 to 50 (default 50, the service's maximum)."),
            .init(name: "strict", valueName: nil, help: "Stop before sending anything if any row is invalid (exit 65)."),
            .init(name: "json", valueName: nil, help: "Print the report as JSON on stdout."),
        ],
        examples: [
            ("provision upload samples/users.csv --dry-run --out /tmp/batches", "write the requests without sending them"),
        ])

    static let mappingSuggest = CommandSpec(
        name: "mapping suggest",
        abstract: "Print a starter mapping file guessed from an export's header names.",
        discussion: "Recognises common HR names (WorkerID, EmployeeID, FirstName, LastName, Email, ManagerID, Department, …). Columns it cannot place are listed under a custom namespace for you to edit or remove.",
        arguments: [.init(name: "file", help: "The CSV export.")],
        options: [
            .init(name: "delimiter", valueName: "char", help: "Field delimiter: ',' (default), ';', '|' or 'tab'."),
            .init(name: "encoding", valueName: "name", help: "Input encoding (see 'provision help validate')."),
        ],
        examples: [("provision mapping suggest hr-export.csv > mapping.json", "start a mapping file")])

    static var all: [CommandSpec] { [validate, upload, mappingSuggest] }

    static func find(_ name: String) -> CommandSpec? { all.first { $0.name == name } }
}
