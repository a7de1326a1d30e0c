import CommandLineKit

/// `provision upload FILE`: the command with the most options, under headings.
extension CommandSpecs {
    package static let upload = CommandSpec(
        name: "upload",
        abstract: "Send an HR export to the provisioning app's /bulkUpload endpoint.",
        discussion: """
            Reads and checks the whole file first: a file-level problem stops the run before anything is sent. Then \
            gets a token and posts every batch of up to 50 users, pacing request starts (default 40 per second) and \
            retrying what the service says to retry. Each accepted batch is journalled at once, so after a crash or a \
            stop, --resume sends only the rest.
            The input is a CSV, JSON or NDJSON file ('-' reads stdin), or with --source (or a config file's source \
            block) an HR system's API, read first into a snapshot (NDJSON, mode 0600, --snapshot FILE or next to the \
            journal) that the run then reads as a file: a source that cannot be read stops the run before anything \
            is sent, and keeps no partial snapshot.
            With --dry-run nothing is sent: each BulkRequest is written to --out DIR as batch-00001.json, \
            batch-00002.json, …, or to stdout as one JSON document per line.
            Before the first request, the job's schema is read once: an attribute the mapping sends that the schema \
            lacks stops the run (exit 65; the message names the 'provision schema apply' command that adds it), \
            unless --ignore-unknown-attributes. A schema that cannot be read (no Synchronization.Read.All) is a \
            warning.
            With --directory the tenant's users are read next (as 'plan --directory'): a record predicted to fail on \
            a value another object holds, a clash in the file or an ambiguous match stops the run before anything is \
            sent (exit 65), every such finding listed, unless --allow-collisions.
            Exit: 0 every row accepted; 1 some rows invalid, rejected or failed; 64 usage; 65 data or mapping error, \
            every row invalid, attributes the job's schema lacks, or (--directory) records that would collide \
            (nothing sent); 66 input missing; 69 service \
            unavailable; 75 stopped early (resumable); 77 authentication or permission; 78 configuration.
            """,
        arguments: [
            .init(
                name: "file",
                help:
                    "The export: CSV, JSON or NDJSON ('-' reads stdin); with --plan, the plan names it; with --source, "
                    + "none.",
                optional: true, role: .input, label: "the input")
        ],
        options: inputOptions + [
            Options.plan, Options.summaryMarkdown, Options.dryRun, Options.outDirectory, Options.batchSize,
            Options.strict, Options.ignoreUnknownAttributes, Options.directory, Options.allowCollisions, Options.json,
            Options.rate, Options.noCache,
            Options.allowRateAboveLimit, Options.concurrency, Options.maxAttempts, Options.maxRequests,
            Options.bucketFullWait, Options.bucketFullRetries, Options.timeout, Options.maxWait, Options.journal,
            Options.resume, Options.verbose, Options.state, Options.full, Options.missing, Options.maxDisable,
            Options.maxRename, Options.allowEmptyExport, Options.wait, Options.pollInterval, Options.failed,
            Options.heal, Options.all,
        ] + connectionAndSourceOptions + sourceOptions,
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
            (
                "PROVISION_SOURCE_PASSWORD=… provision upload --source-preset workday --source URL --source-user "
                    + "ISU@tenant --mapping m.json --config provision.json --state state.jsonl",
                "read a Workday report from its API, then sync it"
            ),
        ],
        groups: [
            .init(title: "For a first upload", options: ["endpoint", "mapping", "dry-run", "report", "config"]),
            .init(
                title: "Input and mapping",
                options: [
                    "format", "records-path", "delimiter", "encoding", "empty-as-null", "allow-missing-active",
                    "batch-size", "strict", "ignore-unknown-attributes", "directory", "allow-collisions",
                    "max-problems",
                ]),
            .init(
                title: "HR source (instead of a file)",
                options: [
                    "source", "source-preset", "source-parameter", "source-auth", "source-user", "source-password-file",
                    "source-token-file", "source-api-key-file", "source-api-key-header", "source-client-id",
                    "source-client-secret-file", "source-refresh-token-file", "source-token-url", "source-scope",
                    "source-paging", "source-next-link", "source-page-parameter", "source-cursor-path",
                    "source-size-parameter", "source-total-path", "source-page-size", "source-max-mb", "snapshot",
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
