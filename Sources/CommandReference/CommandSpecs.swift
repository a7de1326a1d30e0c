import CommandLineKit

/// Every command's interface, one `public static let` per command in `CommandSpecs+Command.swift`; this file holds the
/// options several commands share. `CommandCatalog` lists them in help's order.
public enum CommandSpecs {
    static let inputOptions: [CommandSpec.Option] = [
        .init(
            name: "mapping", valueName: "file",
            help:
                "JSON mapping from the file's columns to SCIM attributes. Without it, every header must be a SCIM "
                + "attribute path."
        ),
        .init(name: "delimiter", valueName: "char", help: "Field delimiter: ',' (default), ';', '|' or 'tab'."),
        .init(
            name: "encoding", valueName: "name",
            help:
                "Input encoding: utf-8 (default; a UTF-16 byte-order mark is recognised), utf-16le, utf-16be, "
                + "windows-1252 or latin1."
        ),
        .init(
            name: "empty-as-null", valueName: nil,
            help:
                "Send a blank cell as an explicit null (tenants using \"clear attribute values\"); by default a blank "
                + "cell omits the attribute."
        ),
        .init(
            name: "allow-missing-active", valueName: nil,
            help: "Accept a mapping that never writes active (a warning instead of an error). With the default "
                + "mappings every record sent without active disables its account."),
        .init(name: "report", valueName: "file", help: "Write the run report as JSON to this file."),
        .init(
            name: "max-problems", valueName: "n",
            help: "Print at most this many problems on stderr (default 20; 0 prints all). The report always has all."),
        .init(
            name: "quiet", valueName: nil,
            help: "Print only errors: every row error (up to --max-problems) and what stops the run, on stderr; no "
                + "progress, notices, row warnings or summary (plan: no plan). The exit status tells the outcome."),
    ]

    /// Accepted by every command.
    static let outputOptions: [CommandSpec.Option] = [
        .init(
            name: "verbose", valueName: nil,
            help: "Print each request and retry (tokens and secrets are never printed)."),
        .init(
            name: "log-format", valueName: "text|json",
            help: "Diagnostics on stderr as text (default) or one JSON object per event, for log shippers: time, "
                + "level, message, command, and a problem's file, line, externalId, column and kind."),
    ]

    /// The job's schema saved by `schema show --out`, for the offline commands.
    static let schemaOption = CommandSpec.Option(
        name: "schema", valueName: "file",
        help:
            "The job's synchronization schema as 'provision schema show --out FILE' saves it: the checks then follow "
            + "the job's own mappings (the Entra attribute each value goes to, whether userName becomes the user "
            + "principal name unchanged, attributes whose omission clears them) instead of the default mappings."
    )

    static let configOption = CommandSpec.Option(
        name: "config", valueName: "file",
        help:
            "JSON file of non-secret settings under the options' long names, e.g. {\"endpoint\": \"…\", \"tenant-id\": "
            + "\"…\", \"mapping\": \"…\"}. Flags and environment variables win over it."
    )

    /// Where to send and how to authenticate. Secrets never come from flags.
    static let connectionOptions: [CommandSpec.Option] = [
        .init(
            name: "endpoint", valueName: "url",
            help:
                "The bulkUpload URL from the provisioning app's overview page (v1.0 or beta). Env: PROVISION_ENDPOINT."),
        .init(name: "tenant-id", valueName: "id", help: "Directory (tenant) id or domain. Env: AZURE_TENANT_ID."),
        .init(
            name: "client-id", valueName: "id",
            help: "Application (client) id; for a user-assigned managed identity, its client id. Env: AZURE_CLIENT_ID."),
        .init(
            name: "client-secret-file", valueName: "file",
            help: "Read the client secret from this file (readable by its owner only, e.g. mode 0600: others are "
                + "refused). Env alternative: AZURE_CLIENT_SECRET. A secret is never accepted as a flag value."),
        .init(
            name: "client-certificate", valueName: "file",
            help: "Sign in with the app's certificate: a PEM file with the certificate and its RSA private key, or a "
                + "PKCS#12/PFX file (readable by its owner only). Env: AZURE_CLIENT_CERTIFICATE_PATH; its password "
                + "AZURE_CLIENT_CERTIFICATE_PASSWORD; AZURE_CLIENT_SEND_CERTIFICATE_CHAIN=true sends the chain (x5c)."),
        .init(
            name: "client-secret", valueName: "secret",
            help:
                "Refused: a secret on the command line is visible through ps. Use AZURE_CLIENT_SECRET or "
                + "--client-secret-file."
        ),
        .init(
            name: "managed-identity", valueName: nil,
            help:
                "Use the Azure host's managed identity (IMDS). App Service is detected from IDENTITY_ENDPOINT and "
                + "IDENTITY_HEADER."
        ),
        .init(
            name: "authority-host", valueName: "url",
            help:
                "Token authority (default from the endpoint's cloud, e.g. https://login.microsoftonline.us). Env: "
                + "AZURE_AUTHORITY_HOST."
        ),
        .init(
            name: "allow-host", valueName: "host",
            help: "Also allow this host for the endpoint, the authority or IDENTITY_ENDPOINT, besides the Microsoft "
                + "Graph and login hosts and loopback (repeatable)."),
        configOption,
    ]
}
