import CommandLineKit

/// `provision check`.
extension CommandSpecs {
    package static let check = CommandSpec(
        name: "check",
        abstract: "Pre-flight: configuration, token, permissions and the provisioning job's state.",
        discussion: """
            With --mapping FILE, or a CSV export whose headers are SCIM paths, also checks that the job's schema has \
            every attribute the mapping sends ('provision schema apply' adds what it lacks); without either, only \
            that the schema can be read.
            With --directory and a FILE, also reads the tenant's users the records need and counts the predicted \
            outcomes (as 'plan --directory'; a record predicted to fail is an error, exit 65, as 'upload --directory' \
            would stop); without FILE, checks that the \
            users can be read (User.Read.All).
            Exit: 0 ready; 1 the job is not active (paused or quarantined, with the reason); 64 usage; 65 the mapping \
            sends attributes the job's schema lacks, or cannot be used, or (--directory) records would collide; 66 it cannot be opened; 69 unreachable; 77 \
            authentication or a missing permission; 78 configuration.
            """,
        arguments: [
            .init(
                name: "file", help: "A CSV export whose headers are SCIM attribute paths (instead of --mapping).",
                optional: true, role: .input, label: "the input")
        ],
        options: comparingOptions + [
            Options.ignoreUnknownAttributes.help(
                "Report attributes the job's schema lacks as a warning, not an error."),
            Options.json.help("Print the findings as JSON."),
            Options.directory.help(
                "Also read the tenant's users: with FILE, count each record's predicted outcome and what would fail; "
                    + "without, check that they can be read (User.Read.All)."),
        ] + connectionOptions,
        examples: [
            ("provision check --config provision.json", "smoke-test a tenant before the first upload"),
            ("provision check --config provision.json --mapping samples/workday-mapping.json", "and the job's schema"),
            (
                "provision check --config provision.json --mapping mapping.json --directory export.csv",
                "and a quick count of what the export would do in the tenant"
            ),
        ])
}
