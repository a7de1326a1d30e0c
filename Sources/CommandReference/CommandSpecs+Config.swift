import CommandLineKit

/// `provision config show`: upload's options but --dry-run, --out and --json, so it shows what an upload would use.
extension CommandSpecs {
    package static let configShow = CommandSpec(
        name: "config show",
        abstract: "Print the effective configuration and where each value came from (secrets masked).",
        options: upload.options.filter {
            ![Options.dryRun.name, Options.outDirectory.name, Options.json.name].contains($0.name)
        },
        examples: [("provision config show --config /etc/provision/provision.json", "see what a cron run would use")])
}
