import CommandLineKit

/// `provision status`.
extension CommandSpecs {
    package static let status = CommandSpec(
        name: "status",
        abstract: "Per-record outcomes of an upload, from the provisioning logs.",
        discussion: """
            Reads what an upload journalled (which records, which job, when) and matches the provisioning logs to it \
            by externalId: of each record's rows, those of that upload (logged from its start, not those of a later \
            upload of the same people), the newest winning. Prints the counts by outcome and action, then the \
            failures; --all lists every record with its outcome (the default on a terminal for at most 50 records). \
            The logs lag 5–10 minutes behind an upload: --wait polls until every record has an outcome. Needs \
            AuditLog.Read.All or ProvisioningLog.Read.All.
            Exit: 0 all succeeded; 1 some failed; 69 the token host or the logs are unreachable; 75 still pending \
            when the wait ended; 77 authentication or missing permission.
            """,
        arguments: [
            .init(
                name: "file",
                help:
                    "The uploaded CSV (finds its journal like upload does); or name the run with --report or --journal.",
                optional: true, role: .input, label: "the uploaded input")
        ],
        options: [
            Options.uploadReport, Options.uploadJournal,
            Options.wait.help("Poll until every record has an outcome or this long has passed (e.g. 15m)."),
            Options.pollInterval.help(
                "Time between polls with --wait (default 30s; the logs allow 5 requests per 10 s)."),
            Options.failed.help(
                "Write the input rows of the failed records here (same header; JSON records as NDJSON), ready to fix "
                    + "and upload again."),
            Options.all.help(
                "List every record with its outcome, not only the failures (the default on a terminal for a run of at "
                    + "most 50 records)."),
            Options.json.help(
                "Print the outcome as JSON: the counts, the failures, and every record under \"outcomes\"."),
            Options.heal.help(
                "Heal unresolved manager references (UnableToResolveReferenceAttributeValue): send each manager's "
                    + "record, wait until the logs show it processed, then send the report's record again; reports "
                    + "which were healed and which still fail. A manager whose failure would recur (a conflict) is not "
                    + "sent: its reports are left, saying why. Waits up to --wait (default 10m)."),
            Options.state.help(
                "The state file of the uploads: --heal takes records not in the input from it, and a report's "
                    + "manager is looked up in it first."),
            Options.junit,
            Options.summaryMarkdown.help("Write a Markdown summary (also appended to GITHUB_STEP_SUMMARY when set)."),
            Options.maxProblems.help(
                "Print at most this many failures (default 20; 0 prints all). --json, --junit and --failed always have "
                    + "all."),
            Options.quiet.help("Print nothing but the result and errors."),
        ] + connectionOptions,
        examples: [
            (
                "provision status --report run.json --wait 15m --failed failed.csv",
                "wait for the outcomes and collect the failed rows"
            )
        ])
}
