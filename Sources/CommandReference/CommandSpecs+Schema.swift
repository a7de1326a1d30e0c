import CommandLineKit

/// `provision schema show | diff | apply`, and what the commands that compare a mapping with the job's schema share.
extension CommandSpecs {
    static let schemaFileArgument = CommandSpec.Argument(
        name: "file", help: "Without --mapping: a CSV export whose headers are SCIM attribute paths.", optional: true,
        role: .input, label: "the input")
    /// The options of the commands that compare a mapping with the schema.
    static let comparingOptions: [any OptionDeclaring] = [
        Options.mapping.help(
            "The JSON mapping whose attributes are compared with the job's schema (no export needed)."),
        Options.delimiter, Options.encoding,
    ]

    package static let schemaShow = CommandSpec(
        name: "schema show",
        abstract: "List the attributes the provisioning job accepts and the Entra attribute each flows to.",
        discussion: """
            Reads the job's synchronization schema (GET …/jobs/{jobId}/schema; needs Synchronization.Read.All). The \
            service drops any attribute a record carries that this list lacks; 'provision schema diff' compares a \
            mapping with it.
            Exit: 0 read; 69 unreachable; 77 authentication, or the token lacks Synchronization.Read.All; 78 \
            configuration, or 404 for a wrong service principal or job.
            """,
        options: [
            Options.json.help("Print the attributes as JSON."),
            Options.outFile.help(
                "Also save the schema as read, for 'provision validate --schema FILE' and 'plan --schema FILE'."),
        ] + connectionOptions,
        examples: [
            ("provision schema show --config provision.json", "what the job accepts, and where it goes"),
            (
                "provision schema show --out job-schema.json && provision validate users.csv --schema job-schema.json",
                "check an export offline against the job's own mappings"
            ),
        ])

    package static let schemaDiff = CommandSpec(
        name: "schema diff",
        abstract: "Compare a mapping (or a CSV's SCIM headers) with the job's schema.",
        discussion: """
            Lists the attributes the mapping sends that the job's schema lacks (the service drops them without a \
            word), with the type each needs, and the schema's attributes that flow to no Entra attribute. 'provision \
            schema apply' adds the missing ones.
            Exit: 0 nothing is missing; 1 something is missing; 64 usage; 65 the mapping or the file's header cannot \
            be used; 66 it cannot be opened; 69 unreachable; 77 authentication, or the token lacks \
            Synchronization.Read.All; 78 configuration.
            """,
        arguments: [schemaFileArgument],
        options: comparingOptions + [Options.json.help("Print the differences as JSON.")] + connectionOptions,
        examples: [
            (
                "provision schema diff --mapping samples/workday-mapping.json",
                "what the mapping sends that the job drops"
            ),
            ("provision schema diff users.csv", "the same for an export whose headers are SCIM paths"),
        ])

    package static let schemaApply = CommandSpec(
        name: "schema apply",
        abstract: "Add the attributes a mapping sends to the job's schema (with --yes).",
        discussion: """
            Shows what 'provision schema diff' shows, then, only with --yes, writes the job's schema (PUT \
            …/jobs/{jobId}/schema, which replaces it whole) with the missing attributes added to the API source \
            object: read-write, not required, of the type each needs. Nothing is removed, and everything else in the \
            schema is written back as it was read. The new attributes flow nowhere until they are mapped to Entra \
            attributes in the portal's attribute mapping. Writing needs Synchronization.ReadWrite.All.
            Exit: 0 nothing is missing, or the attributes were added; 1 something is missing and --yes was not given; \
            64 usage; 65 the mapping cannot be used, or Microsoft Graph refused the schema; 66 it cannot be opened; \
            69 unreachable; 77 authentication, or the token lacks Synchronization.ReadWrite.All; 78 configuration.
            """,
        arguments: [schemaFileArgument],
        options: comparingOptions + [Options.yes] + connectionOptions,
        examples: [
            ("provision schema apply --mapping samples/workday-mapping.json", "show what would be added"),
            ("provision schema apply --mapping samples/workday-mapping.json --yes", "add it"),
        ])
}
