import CommandLineKit

/// Every command's interface, one `package static let` per command in `CommandSpecs+Command.swift`, listing the
/// options (`Options`) it takes; this file holds the lists several commands share. `CommandCatalog` lists the
/// commands in help's order.
package enum CommandSpecs {
    static let inputOptions: [any OptionDeclaring] = [
        Options.mapping, Options.format, Options.recordsPath, Options.delimiter, Options.encoding, Options.emptyAsNull,
        Options.allowMissingActive, Options.report, Options.maxProblems, Options.quiet,
    ]

    /// Reading the records from an HR system's API instead of a file (`--source`), into a snapshot. Commands that
    /// lack them also take `sourceLimits` and `--allow-host`.
    static let sourceOptions: [any OptionDeclaring] = [
        Options.source, Options.sourcePreset, Options.sourceParameter, Options.sourceAuth, Options.sourceUser,
        Options.sourcePasswordFile, Options.sourceTokenFile, Options.sourceAPIKeyFile, Options.sourceAPIKeyHeader,
        Options.sourceClientID, Options.sourceClientSecretFile, Options.sourceRefreshTokenFile, Options.sourceTokenURL,
        Options.sourceScope, Options.sourcePaging, Options.sourceNextLink, Options.sourcePageParameter,
        Options.sourceCursorPath, Options.sourceSizeParameter, Options.sourceTotalPath, Options.sourcePageSize,
        Options.sourceMaxMB,
        Options.snapshot,
    ]

    /// A source's requests keep the limits every request has.
    static let sourceLimits: [any OptionDeclaring] = [
        Options.maxAttempts.help("Tries per request to the source, for 429, 5xx and network errors (default 5)."),
        Options.timeout.help("Deadline of each request to the source, connecting included (default 60)."),
        Options.maxWait.help("Longest Retry-After the source may ask for (default 10m); a longer one stops (exit 75)."),
    ]

    /// `--allow-host` where only a source uses it.
    static let sourceAllowHost = Options.allowHost.help(
        "Also allow this host (or host:port) for the source's redirects, next links and token URL, besides the "
            + "source's own host (repeatable).")

    /// `--allow-host` where both the connection and a source use it.
    static let connectionAndSourceAllowHost = Options.allowHost.help(
        "Also allow this host for the endpoint, the authority or IDENTITY_ENDPOINT, besides the Microsoft Graph and "
            + "login hosts and loopback; or (host or host:port) for an HR source's redirects, next links and token "
            + "URL, besides its own host (repeatable).")

    /// Accepted by every command.
    static let outputOptions: [any OptionDeclaring] = [Options.verbose, Options.logFormat]

    /// The export a command reads.
    static let inputArgument = CommandSpec.Argument(
        name: "file",
        help: "The export: CSV, JSON or NDJSON ('-' reads stdin). Without it, --source (or the config's source block).",
        optional: true, role: .input, label: "the input")

    /// Where to send and how to authenticate. Secrets never come from flags.
    static let connectionOptions: [any OptionDeclaring] = [
        Options.endpoint, Options.tenantID, Options.clientID, Options.clientSecretFile, Options.clientCertificate,
        Options.clientSecret, Options.managedIdentity, Options.authorityHost, Options.allowHost, Options.config,
    ]

    /// The connection's options for a command that also reads a source.
    static let connectionAndSourceOptions: [any OptionDeclaring] = [
        Options.endpoint, Options.tenantID, Options.clientID, Options.clientSecretFile, Options.clientCertificate,
        Options.clientSecret, Options.managedIdentity, Options.authorityHost, connectionAndSourceAllowHost,
        Options.config,
    ]
}
