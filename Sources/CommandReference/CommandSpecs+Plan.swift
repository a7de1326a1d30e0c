import CommandLineKit

/// `provision plan FILE`.
extension CommandSpecs {
    public static let plan = CommandSpec(
        name: "plan",
        abstract: "Show what an upload would do, without the network.",
        discussion:
            "Rows, invalid, and with --state the new, changed and unchanged records and the leavers; the number of "
            + "requests against the tenant's daily quota (2,000 or 6,000 per 24 h) and the time at the configured "
            + "rate.",
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
        ])
}
