import CommandReference
import Foundation
import Graph
import JSONDocument
import SCIM
import Sync

/// `provision schema diff`: what the mapping sends that the job's schema lacks, and what flows nowhere.
struct SchemaDiffCommand: Command {
    static let spec = CommandSpecs.schemaDiff

    let context: CommandContext

    func run() async -> ExitStatus {
        switch await Self.compare(context) {
        case .failure(let failure):
            return failure.status
        case .success(let comparison):
            let diff = comparison.diff
            if context.arguments.flag("json") {
                struct Output: Encodable {
                    let missing: [SchemaAttributeOutput]
                    let flowingNowhere: [SchemaAttributeOutput]
                }
                context.console.out(
                    SchemaCommand.json(
                        Output(
                            missing: diff.missing.map { SchemaAttributeOutput($0.attribute, path: $0.path) },
                            flowingNowhere: diff.flowingNowhere.map { SchemaAttributeOutput($0) })))
            } else {
                Self.print(diff, context)
            }
            return diff.missing.isEmpty ? .success : .someRowsFailed
        }
    }

    /// Reads the mapping and the schema, and compares them (what diff and apply share); failures are printed.
    static func compare(
        _ context: CommandContext
    ) async -> Result<SchemaComparison, StatusFailure> {
        let sent: SentAttributes
        switch SchemaCommand.sentAttributes(context) {
        case .failure(let failure): return .failure(failure)
        case .success(nil):
            context.console.error(
                "\(spec.name) compares a mapping with the job's schema: give --mapping FILE, or a CSV export whose "
                    + "headers are SCIM attribute paths")
            return .failure(StatusFailure(.usage))
        case .success(let value?): sent = value
        }
        let client: JobClient
        switch SchemaCommand.client(context) {
        case .success(let value): client = value
        case .failure(let failure): return .failure(failure)
        }
        do {
            let schema = try await client.schema()
            return .success(
                SchemaComparison(
                    client: client, paths: sent.paths, diff: SchemaDiff(sending: sent.paths, schema: schema)))
        } catch {
            return .failure(StatusFailure(SchemaCommand.fail(error, context)))
        }
    }

    static func print(_ diff: SchemaDiff, _ context: CommandContext) {
        let console = context.console
        if diff.missing.isEmpty {
            console.line("every attribute the mapping sends is in the job's schema")
        } else {
            let count = diff.missing.count
            console.line(
                "\(count == 1 ? "1 attribute the mapping sends is" : "\(count) attributes the mapping sends are") "
                    + "not in the job's schema (the service drops \(count == 1 ? "it" : "them")):")
            for item in diff.missing {
                console.line("  \(item.attribute.name) (\(SchemaCommand.describe(item.attribute)))")
            }
        }
        guard !diff.flowingNowhere.isEmpty else { return }
        let count = diff.flowingNowhere.count
        let them = count == 1 ? "it" : "them"
        console.line(
            "\(count == 1 ? "1 schema attribute flows" : "\(count) schema attributes flow") to no Entra attribute "
                + "(map \(them) in the portal's attribute mapping to use \(them)):")
        for attribute in diff.flowingNowhere {
            console.line("  \(attribute.name) (\(SchemaCommand.describe(attribute)))")
        }
    }
}

/// A mapping compared with the job's schema, and the client that read it.
struct SchemaComparison {
    let client: JobClient
    let paths: [AttributePath]
    let diff: SchemaDiff
}
