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

    /// Accepted by every command.
    static let outputOptions: [CommandSpec.Option] = [
        .init(name: "verbose", valueName: nil, help: "Print each request and retry (tokens and secrets are never printed)."),
        .init(name: "log-format", valueName: "text|json", help: "Diagnostics on stderr as text (default) or one JSON object per event, for log shippers."),
    ]

    static let configOption = CommandSpec.Option(name: "config", valueName: "file", help: "JSON file of non-secret settings under the options' long names, e.g. {\"endpoint\": \"…\", \"tenant-id\": \"…\", \"mapping\": \"…\"}. Flags and environment variables win over it.")

    /// Where to send and how to authenticate (issue #3). Secrets never come from flags.
    static let connectionOptions: [CommandSpec.Option] = [
        .init(name: "endpoint", valueName: "url", help: "The bulkUpload URL from the provisioning app's overview page (v1.0 or beta). Env: PROVISION_ENDPOINT."),
        .init(name: "tenant-id", valueName: "id", help: "Directory (tenant) id or domain. Env: AZURE_TENANT_ID."),
        .init(name: "client-id", valueName: "id", help: "Application (client) id; for a user-assigned managed identity, its client id. Env: AZURE_CLIENT_ID."),
        .init(name: "client-secret-file", valueName: "file", help: "Read the client secret from this file (mode 0600). Env alternative: AZURE_CLIENT_SECRET. A secret is never accepted as a flag value."),
        .init(name: "client-secret", valueName: "secret", help: "Refused: a secret on the command line is visible through ps. Use AZURE_CLIENT_SECRET or --client-secret-file."),
        .init(name: "managed-identity", valueName: nil, help: "Use the Azure host's managed identity (IMDS). App Service is detected from IDENTITY_ENDPOINT and IDENTITY_HEADER."),
        .init(name: "authority-host", valueName: "url", help: "Token authority (default from the endpoint's cloud, e.g. https://login.microsoftonline.us). Env: AZURE_AUTHORITY_HOST."),
        .init(name: "allow-host", valueName: "host", help: "Also allow this endpoint host besides the Microsoft Graph hosts and loopback (repeatable)."),
        configOption,
    ]

    static let validate = CommandSpec(
        name: "validate",
        abstract: "Read, map and check an HR export without sending anything.",
        discussion: "Prints a summary (rows, valid, invalid, warnings) and each problem as FILE:LINE with the externalId and column.\nExit 0 when every row is valid, 1 when some rows are invalid, 65 for a file-level problem, 66 when the file cannot be opened.",
        arguments: [.init(name: "file", help: "The CSV export.")],
        options: inputOptions + [configOption, .init(name: "json", valueName: nil, help: "Print the report as JSON on stdout instead of the summary.")],
        examples: [
            ("provision validate samples/users.csv", "check an export whose headers are SCIM paths"),
            ("provision validate samples/workday-export.csv --mapping samples/workday-mapping.json", "check an HR export with its own column names"),
        ])

    static let upload = CommandSpec(
        name: "upload",
        abstract: "Send an HR export to the provisioning app's /bulkUpload endpoint.",
        discussion: """
            Reads and checks the whole file first: a file-level problem stops the run before anything is sent. Then gets a token and posts every batch of up to 50 users, pacing request starts (default 40 per second) and retrying what the service says to retry. Each accepted batch is journalled at once, so after a crash or a stop, --resume sends only the rest.
            With --dry-run nothing is sent: each BulkRequest is written to --out DIR as batch-00001.json, batch-00002.json, …, or to stdout as one JSON document per line.
            Exit: 0 every row accepted; 1 some rows invalid, rejected or failed; 64 usage; 65 data or mapping error (nothing sent); 66 input missing; 69 service unavailable; 75 stopped early (resumable); 77 authentication or permission; 78 configuration.
            """,
        arguments: [.init(name: "file", help: "The CSV export.")],
        options: inputOptions + [
            .init(name: "dry-run", valueName: nil, help: "Do everything except the network: write the BulkRequests instead of sending them."),
            .init(name: "out", valueName: "dir", help: "With --dry-run, write one file per BulkRequest into this directory."),
            .init(name: "batch-size", valueName: "n", help: "Users per request, 1 to 50 (default 50, the service's maximum)."),
            .init(name: "strict", valueName: nil, help: "Stop before sending anything if any row is invalid (exit 65)."),
            .init(name: "json", valueName: nil, help: "Print the report as JSON on stdout."),
            .init(name: "rate", valueName: "n/window", help: "Most request starts in any window: 40/1s (default, the Graph reference) or 40/5s (the newer Entra docs; see README). A 3% margin is kept."),
            .init(name: "concurrency", valueName: "n", help: "Requests in flight (default 1.5 × the rate per second, e.g. 60 at 40/1s: enough to fill the rate at one second of latency)."),
            .init(name: "max-attempts", valueName: "n", help: "Tries per batch for 5xx answers and network errors (default 5)."),
            .init(name: "max-requests", valueName: "n", help: "Stop cleanly after this many requests (exit 75), to stay inside the tenant's daily quota; --resume continues."),
            .init(name: "bucket-full-wait", valueName: "duration", help: "How long to pause when the service says its ingestion bucket is full (default 5m)."),
            .init(name: "bucket-full-retries", valueName: "n", help: "Pauses for a full bucket before stopping with exit 75 (default 3; 0 stops at once)."),
            .init(name: "timeout", valueName: "seconds",
                  help: "Deadline of each request, connecting included (default 60)."),
            .init(name: "max-wait", valueName: "duration",
                  help: "Longest wait the service may ask for (Retry-After); a longer one stops the run cleanly "
                      + "(exit 75; --resume continues). Default 10m."),
            .init(name: "journal", valueName: "file", help: "Where accepted batches are journalled (default: REPORT.journal with --report, else ~/.local/state/provision/)."),
            .init(name: "resume", valueName: nil, help: "Skip the batches an earlier run of the same file, mapping and options had accepted."),
            .init(name: "verbose", valueName: nil, help: "Print each request and retry (tokens and secrets are never printed)."),
            .init(name: "state", valueName: "file", help: "Delta sync: remember what was accepted per externalId; later runs send only new and changed records (always complete records) and find leavers."),
            .init(name: "full", valueName: nil, help: "With --state, send every record even if unchanged."),
            .init(name: "missing", valueName: "report|disable", help: "With --state, what to do with people sent before but missing today: 'report' (default) lists them; 'disable' sends each with active: false and the rest of its last record."),
            .init(name: "max-disable", valueName: "n|p%", help: "Leaver brake: when more leavers than this (a count, or a percentage of known people; default 5%) are found with --missing disable, nothing is sent (exit 65)."),
            .init(name: "wait", valueName: "duration", help: "After uploading, wait up to this long for per-record outcomes in the provisioning logs (as 'provision status --wait')."),
            .init(name: "poll-interval", valueName: "duration", help: "Time between log polls with --wait (default 30s)."),
            .init(name: "failed", valueName: "file", help: "With --wait, write the input rows of records that failed in the logs here."),
        ] + connectionOptions,
        examples: [
            ("provision upload samples/users.csv --dry-run --out /tmp/batches", "write the requests without sending them"),
            ("AZURE_CLIENT_SECRET=… provision upload users.csv --endpoint https://graph.microsoft.com/v1.0/servicePrincipals/SP/synchronization/jobs/JOB/bulkUpload --tenant-id T --client-id C --report run.json", "send with a client secret and keep a report"),
            ("provision upload users.csv --config provision.json --resume", "continue a run that stopped"),
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

    static let status = CommandSpec(
        name: "status",
        abstract: "Per-record outcomes of an upload, from the provisioning logs.",
        discussion: """
            Reads what an upload journalled (which records, which job, when) and matches the provisioning logs to it by externalId, keeping the newest row per record. The logs lag 5–10 minutes behind an upload: --wait polls until every record has an outcome. Needs AuditLog.Read.All or ProvisioningLog.Read.All.
            Exit: 0 all succeeded; 1 some failed; 75 still pending when the wait ended; 77 authentication or missing permission.
            """,
        arguments: [.init(name: "file", help: "The uploaded CSV (finds its journal like upload does); or name the run with --report or --journal.", optional: true)],
        options: [
            .init(name: "report", valueName: "file", help: "The upload's report; its journal is FILE.journal."),
            .init(name: "journal", valueName: "file", help: "The upload's journal."),
            .init(name: "wait", valueName: "duration", help: "Poll until every record has an outcome or this long has passed (e.g. 15m)."),
            .init(name: "poll-interval", valueName: "duration", help: "Time between polls with --wait (default 30s; the logs allow 5 requests per 10 s)."),
            .init(name: "failed", valueName: "file", help: "Write the input rows of the failed records here (same header), ready to fix and upload again."),
            .init(name: "json", valueName: nil, help: "Print the outcome as JSON."),
            .init(name: "quiet", valueName: nil, help: "Print nothing but the result and errors."),
        ] + connectionOptions,
        examples: [
            ("provision status --report run.json --wait 15m --failed failed.csv", "wait for the outcomes and collect the failed rows"),
        ])

    static let plan = CommandSpec(
        name: "plan",
        abstract: "Show what an upload would do, without the network.",
        discussion: "Rows, invalid, and with --state the new, changed and unchanged records and the leavers; the number of requests against the tenant's daily quota (2,000 or 6,000 per 24 h) and the time at the configured rate.",
        arguments: [.init(name: "file", help: "The CSV export.")],
        options: inputOptions + [
            .init(name: "batch-size", valueName: "n", help: "Users per request, 1 to 50 (default 50)."),
            .init(name: "rate", valueName: "n/window", help: "Pace to estimate with: 40/1s (default) or 40/5s."),
            .init(name: "state", valueName: "file", help: "The state file of earlier uploads (delta sync)."),
            .init(name: "full", valueName: nil, help: "Count every record as to be sent."),
            .init(name: "missing", valueName: "report|disable", help: "Whether leavers would be disabled."),
            .init(name: "max-disable", valueName: "n|p%", help: "The leaver brake to check (default 5%)."),
            .init(name: "json", valueName: nil, help: "Print the plan as JSON."),
            configOption,
        ],
        examples: [("provision plan users.csv --state /var/lib/provision/state.jsonl --missing disable", "preview tonight's run")])

    static let check = CommandSpec(
        name: "check",
        abstract: "Pre-flight: configuration, token, permissions and the provisioning job's state.",
        discussion: "Exit: 0 ready; 1 the job is not active (paused or quarantined, with the reason); 69 unreachable; 77 authentication or a missing permission; 78 configuration.",
        options: [.init(name: "json", valueName: nil, help: "Print the findings as JSON.")] + connectionOptions,
        examples: [("provision check --config provision.json", "smoke-test a tenant before the first upload")])

    static let configShow = CommandSpec(
        name: "config show",
        abstract: "Print the effective configuration and where each value came from (secrets masked).",
        options: upload.options.filter { !["dry-run", "out", "json"].contains($0.name) },
        examples: [("provision config show --config /etc/provision/provision.json", "see what a cron run would use")])

    static let completions = CommandSpec(
        name: "completions",
        abstract: "Print a shell completion script (bash or zsh).",
        arguments: [.init(name: "shell", help: "bash or zsh")],
        examples: [("provision completions bash > /etc/bash_completion.d/provision", "install bash completion")])

    static var all: [CommandSpec] {
        [validate, upload, status, plan, check, mappingSuggest, configShow, completions].map { spec in
            var spec = spec
            spec.options += outputOptions.filter { option in spec.option(named: option.name) == nil }
            return spec
        }
    }

    static func find(_ name: String) -> CommandSpec? { all.first { $0.name == name } }
}
