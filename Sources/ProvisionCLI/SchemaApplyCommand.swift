import Foundation
import Graph
import Sync

/// `provision schema apply`: adds the attributes the mapping sends and the job's schema lacks, after `--yes`.
struct SchemaApplyCommand: Command {
    static let spec = CommandSpec(
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
        arguments: [SchemaCommand.fileArgument],
        options: SchemaCommand.comparingOptions
            + [.init(name: "yes", valueName: nil, help: "Write the schema (without it nothing is changed).")]
            + CommandCatalog.connectionOptions,
        examples: [
            ("provision schema apply --mapping samples/workday-mapping.json", "show what would be added"),
            ("provision schema apply --mapping samples/workday-mapping.json --yes", "add it"),
        ])

    let context: CommandContext

    func run() async -> ExitStatus {
        let comparison: SchemaComparison
        switch await SchemaDiffCommand.compare(context) {
        case .failure(let failure): return failure.status
        case .success(let value): comparison = value
        }
        let (client, diff) = (comparison.client, comparison.diff)
        SchemaDiffCommand.print(diff, context)
        let count = diff.missing.count
        guard count > 0 else { return .success }
        let them = count == 1 ? "1 attribute" : "\(count) attributes"
        guard context.arguments.flag("yes") else {
            context.console.line("nothing was changed; run again with --yes to add \(them) to the job's schema")
            return .someRowsFailed
        }
        do {
            // Read again right before writing: PUT replaces the whole schema, so it must start from the newest one.
            let current = try await client.schema()
            let fresh = SchemaDiff(sending: comparison.paths, schema: current)
            try await client.replaceSchema(try fresh.applied(to: current))
            let after = SchemaDiff(sending: comparison.paths, schema: try await client.schema())
            guard after.missing.isEmpty else {
                context.console.error(
                    "the job's schema was written, but still lacks \(after.missingList) when read again")
                return .unavailable
            }
        } catch let error as JobClientError {
            return SchemaCommand.fail(error, context)
        } catch {
            context.console.error("cannot add the attributes: \(error)")
            return .dataError
        }
        context.console.line(
            "added \(them) to the job's schema; map \(count == 1 ? "it" : "them") to Entra attributes in the "
                + "portal's attribute mapping for the values to flow")
        return .success
    }
}
