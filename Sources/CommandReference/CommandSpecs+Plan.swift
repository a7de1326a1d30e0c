import CommandLineKit

/// `provision plan FILE`.
extension CommandSpecs {
    package static let plan = CommandSpec(
        name: "plan",
        abstract: "Show what an upload would do, without the network (with --directory, against the tenant).",
        discussion:
            "Rows, invalid, and with --state the new, changed and unchanged records and the leavers; the number of "
            + "requests against the tenant's daily quota (2,000 or 6,000 per 24 h) and the time at the configured "
            + "rate.\n"
            + "--directory needs the network: it signs in as upload does (endpoint and credential), reads the job's "
            + "schema (the matching attribute, the attributes written; unreadable: the default mappings, and it "
            + "says so) and the tenant's users the records need, and predicts each record's outcome in the "
            + "directory (the counts, then each finding and change, at most --max-problems lines; --json, --out, "
            + "--summary-md and --junit have them all). Exit: 69 or 77 when the directory cannot be read for "
            + "another reason than the permission.",
        arguments: [inputArgument],
        options: inputOptions + [
            Options.batchSize.help("Users per request, 1 to 50 (default 50)."),
            Options.rate.help(
                "Pace to estimate with: 40/1s (default) or 40/5s; above 40 a second is refused (exit 64)."),
            Options.allowRateAboveLimit.help("Accept a --rate above the service's 40 requests a second."),
            Options.state.help("The state file of earlier uploads (delta sync)."),
            Options.full.help("Count every record as to be sent."),
            Options.missing.help("Whether leavers would be disabled."),
            Options.maxDisable.help(
                "The disable brake to check: people missing, turned inactive or sent inactive (default 5%)."),
            Options.maxRename.help("The rename brake to check: known people whose userName changes (default 5%)."),
            Options.allowEmptyExport.help("Let an export with no valid rows disable the people it lacks."),
            Options.json.help("Print the plan as JSON."),
            Options.schema,
            Options.directory.help(
                "Read the job's schema and the tenant's users through Microsoft Graph (the network, the endpoint, a "
                    + "credential and User.Read.All are needed): each record's predicted outcome (create, update with "
                    + "each change old → new, no change, enable, disable) and findings (a value another object holds, "
                    + "a clash in the file, a manager nobody has or outside the job, a rename); SelectUniqueValue "
                    + "skips values the tenant's users hold. Without User.Read.All it says so and plans without; for an "
                    + "on-premises AD job it says so and does nothing."),
            Options.junit.help(
                "Write one JUnit test case per record: invalid rows and (with --directory) records predicted to "
                    + "fail are failures, other findings are printed with their record."),
            Options.outFile.help(
                "Write the plan, record by record (new, changed with each attribute old → new, unchanged, leavers), "
                    + "with the job and tenant it is for, the fingerprints of the input, mapping, state and options, "
                    + "and a digest of it all, for 'provision upload --plan FILE' to apply after review."),
            Options.summaryMarkdown.help(
                "Write the plan as Markdown for a reviewer (also appended to GITHUB_STEP_SUMMARY when set)."),
            Options.endpoint.help(
                "The bulkUpload URL the plan is for, needed with --out: the plan names its job, and 'upload --plan' "
                    + "refuses another. Env: PROVISION_ENDPOINT."),
            Options.tenantID.help(
                "The tenant the plan is for (recorded with --out; 'upload --plan' refuses another). Env: "
                    + "AZURE_TENANT_ID."),
            Options.allowHost.help(
                "Also allow this host for the endpoint, besides the Microsoft Graph hosts and loopback, or for a "
                    + "source's redirects, next links and token URL (repeatable)."),
            Options.clientID, Options.clientSecretFile, Options.clientCertificate, Options.clientSecret,
            Options.managedIdentity, Options.authorityHost,
            Options.config,
        ] + sourceOptions + sourceLimits,
        examples: [
            (
                "provision plan users.csv --state /var/lib/provision/state.jsonl --missing disable",
                "preview tonight's run"
            ),
            (
                "provision plan users.csv --state state.jsonl --config provision.json --out plan.json --summary-md plan.md",
                "a plan to review, then 'provision upload --plan plan.json'"
            ),
            (
                "provision plan users.csv --config provision.json --directory",
                "what each record will do in the tenant, and what would fail"
            ),
        ])
}
