import CommandLineKit

/// Every command's interface, one `public static let` per command in `CommandSpecs+Command.swift`, listing the
/// options (`Options`) it takes; this file holds the lists several commands share. `CommandCatalog` lists the
/// commands in help's order.
public enum CommandSpecs {
    static let inputOptions: [any OptionDeclaring] = [
        Options.mapping, Options.delimiter, Options.encoding, Options.emptyAsNull, Options.allowMissingActive,
        Options.report, Options.maxProblems, Options.quiet,
    ]

    /// Accepted by every command.
    static let outputOptions: [any OptionDeclaring] = [Options.verbose, Options.logFormat]

    /// The export a command reads.
    static let inputArgument = CommandSpec.Argument(
        name: "file", help: "The CSV export.", role: .input, label: "the input")

    /// Where to send and how to authenticate. Secrets never come from flags.
    static let connectionOptions: [any OptionDeclaring] = [
        Options.endpoint, Options.tenantID, Options.clientID, Options.clientSecretFile, Options.clientCertificate,
        Options.clientSecret, Options.managedIdentity, Options.authorityHost, Options.allowHost, Options.config,
    ]
}
