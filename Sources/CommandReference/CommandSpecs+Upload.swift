import CommandLineKit

/// `provision upload FILE`: the command with the most options, under headings.
extension CommandSpecs {
    public static let upload = CommandSpec(
        name: "upload",
        abstract: "Send an HR export to the provisioning app's /bulkUpload endpoint.",
        discussion: """
            Reads and checks the whole file first: a file-level problem stops the run before anything is sent. Then \
            gets a token and posts every batch of up to 50 users, pacing request starts (default 40 per second) and \
            retrying what the service says to retry. Each accepted batch is journalled at once, so after a crash or a \
            stop, --resume sends only the rest.
            With --dry-run nothing is sent: each BulkRequest is written to --out DIR as batch-00001.json, \
            batch-00002.json, …, or to stdout as one JSON document per line.
            Before the first request, the job's schema is read once: an attribute the mapping sends that the schema \
            lacks stops the run (exit 65; the message names the 'provision schema apply' command that adds it), \
            unless --ignore-unknown-attributes. A schema that cannot be read (no Synchronization.Read.All) is a \
            warning.
            Exit: 0 every row accepted; 1 some rows invalid, rejected or failed; 64 usage; 65 data or mapping error, \
            every row invalid, or attributes the job's schema lacks (nothing sent); 66 input missing; 69 service \
            unavailable; 75 stopped early (resumable); 77 authentication or permission; 78 configuration.
            """,
        arguments: [.init(name: "file", help: "The CSV export (with --plan, the plan names it).", optional: true)],
        options: inputOptions + [
            .init(
                name: "plan", valueName: "file",
                help:
                    "Send exactly the plan 'provision plan --out FILE' made (after review), or nothing (exit 65) if "
                    + "the input, mapping, state or options changed since."
            ),
            .init(
                name: "summary-md", valueName: "file",
                help:
                    "Write a Markdown summary (counts, changed attributes, leavers, failures); also appended to "
                    + "GITHUB_STEP_SUMMARY when set."
            ),
            .init(
                name: "dry-run", valueName: nil,
                help: "Do everything except the network: write the BulkRequests instead of sending them."),
            .init(
                name: "out", valueName: "dir",
                help: "With --dry-run, write one file per BulkRequest into this directory."),
            .init(
                name: "batch-size", valueName: "n",
                help: "Users per request, 1 to 50 (default 50, the service's maximum)."),
            .init(
                name: "strict", valueName: nil, help: "Stop before sending anything if any row is invalid (exit 65)."),
            .init(
                name: "ignore-unknown-attributes", valueName: nil,
                help: "Send even if the mapping sends attributes the job's schema lacks (a warning; the service drops "
                    + "them). By default they stop the run before anything is sent (exit 65)."),
            .init(name: "json", valueName: nil, help: "Print the report as JSON on stdout."),
            .init(
                name: "rate", valueName: "n/window",
                help:
                    "Most request starts in any window: 40/1s (default, the Graph reference) or 40/5s (the newer Entra "
                    + "docs; see README). A 3% margin is kept. A rate that can start more than 40 requests in a "
                    + "second is refused (exit 64). Without it, a run starts at a lower limit an earlier run met "
                    + "(kept in --state, the journal, or the cache; see --no-cache)."
            ),
            .init(
                name: "no-cache", valueName: nil,
                help:
                    "Neither read nor write the rate limit learnt per job in $XDG_CACHE_HOME/provision/rate-limits.json "
                    + "(default ~/.cache/provision/rate-limits.json, mode 0600), which spares a run without --state the "
                    + "429s an earlier run met."
            ),
            .init(
                name: "allow-rate-above-limit", valueName: nil,
                help: "Accept a --rate above the service's 40 requests a second (a test service that allows more)."),
            .init(
                name: "concurrency", valueName: "n",
                help:
                    "Requests in flight (default 1.5 × the rate per second, e.g. 60 at 40/1s: enough to fill the rate "
                    + "at one second of latency)."
            ),
            .init(
                name: "max-attempts", valueName: "n",
                help: "Tries per batch, and per token request, for 5xx answers and network errors (default 5)."),
            .init(
                name: "max-requests", valueName: "n",
                help:
                    "Stop cleanly after this many requests (exit 75), to stay inside the tenant's daily quota; "
                    + "--resume continues."
            ),
            .init(
                name: "bucket-full-wait", valueName: "duration",
                help: "How long to pause when the service says its ingestion bucket is full (default 5m)."),
            .init(
                name: "bucket-full-retries", valueName: "n",
                help: "Pauses for a full bucket before stopping with exit 75 (default 3; 0 stops at once)."),
            .init(
                name: "timeout", valueName: "seconds",
                help: "Deadline of each request (token requests too), connecting included (default 60)."),
            .init(
                name: "max-wait", valueName: "duration",
                help:
                    "Longest wait the service or the token endpoint may ask for (Retry-After); a longer one stops the "
                    + "run cleanly (exit 75; --resume continues). Default 10m."
            ),
            .init(
                name: "journal", valueName: "file",
                help:
                    "Where accepted batches are journalled (default: REPORT.journal with --report, else "
                    + "~/.local/state/provision/)."
            ),
            .init(
                name: "resume", valueName: nil,
                help: "Skip the batches an earlier run of the same file, mapping and options had accepted."),
            .init(
                name: "verbose", valueName: nil,
                help: "Print each request and retry (tokens and secrets are never printed)."),
            .init(
                name: "state", valueName: "file",
                help:
                    "Delta sync: remember what was accepted per externalId; later runs send only new and changed "
                    + "records (always complete records) and find leavers."
            ),
            .init(name: "full", valueName: nil, help: "With --state, send every record even if unchanged."),
            .init(
                name: "missing", valueName: "report|disable",
                help:
                    "With --state, what to do with people sent before but missing today: 'report' (default) lists "
                    + "them; 'disable' sends each with active: false and the rest of its last record."
            ),
            .init(
                name: "max-disable", valueName: "n|p%",
                help:
                    "Disable brake: when the run would disable more people than this (a count, or a percentage of the "
                    + "known people; default 5%), nothing is sent (exit 65). Counts people missing with --missing "
                    + "disable, records whose active turns from true to false since the state, and records sent "
                    + "inactive that the state does not know (without --state: every record sent with active false)."
            ),
            .init(
                name: "max-rename", valueName: "n|p%",
                help:
                    "Rename brake: with --state, when more known people than this (default 5%) would get a new "
                    + "userName, nothing is sent (exit 65)."
            ),
            .init(
                name: "allow-empty-export", valueName: nil,
                help:
                    "With --missing disable, let an export with no valid rows disable the people it lacks (by default "
                    + "such an export disables nobody, whatever --max-disable says)."
            ),
            .init(
                name: "wait", valueName: "duration",
                help:
                    "After uploading, wait up to this long for per-record outcomes in the provisioning logs (as "
                    + "'provision status --wait')."
            ),
            .init(
                name: "poll-interval", valueName: "duration", help: "Time between log polls with --wait (default 30s)."),
            .init(
                name: "failed", valueName: "file",
                help: "With --wait, write the input rows of records that failed in the logs here."),
            .init(
                name: "heal", valueName: nil,
                help: "With --wait, heal unresolved manager references as 'provision status --heal' does."),
            .init(
                name: "all", valueName: nil,
                help: "With --wait, list every record with its outcome as 'provision status --all' does."),
        ] + connectionOptions,
        examples: [
            (
                "provision upload samples/users.csv --dry-run --out /tmp/batches",
                "write the requests without sending them"
            ),
            (
                "AZURE_CLIENT_SECRET=… provision upload users.csv --endpoint "
                    + "https://graph.microsoft.com/v1.0/servicePrincipals/SP/synchronization/jobs/JOB/bulkUpload "
                    + "--tenant-id T --client-id C --report run.json",
                "send with a client secret and keep a report"
            ),
            ("provision upload users.csv --config provision.json --resume", "continue a run that stopped"),
        ],
        groups: [
            .init(title: "For a first upload", options: ["endpoint", "mapping", "dry-run", "report", "config"]),
            .init(
                title: "Input and mapping",
                options: [
                    "delimiter", "encoding", "empty-as-null", "allow-missing-active", "batch-size", "strict",
                    "ignore-unknown-attributes",
                    "max-problems",
                ]),
            .init(
                title: "Sending and pacing",
                options: [
                    "rate", "allow-rate-above-limit", "no-cache", "concurrency", "max-attempts", "max-requests",
                    "max-wait", "timeout", "bucket-full-wait", "bucket-full-retries",
                ]),
            .init(
                title: "Resume and delta",
                options: [
                    "resume", "journal", "state", "full", "missing", "max-disable", "max-rename", "allow-empty-export",
                    "plan",
                ]),
            .init(
                title: "Results",
                options: [
                    "json", "out", "summary-md", "wait", "poll-interval", "failed", "heal", "all", "quiet", "verbose",
                    "log-format",
                ]),
            .init(
                title: "Authentication",
                options: [
                    "tenant-id", "client-id", "client-secret-file", "client-certificate", "client-secret",
                    "managed-identity", "authority-host", "allow-host",
                ]),
        ])
}
