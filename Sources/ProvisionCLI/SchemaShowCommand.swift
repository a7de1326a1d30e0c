import CommandReference
import Foundation
import Graph
import JSONDocument
import Sync

/// `provision schema show`: the attributes the job's API source accepts, and the Entra attribute each flows to.
struct SchemaShowCommand: Command {
    static let spec = CommandSpecs.schemaShow

    let context: CommandContext

    func run() async -> ExitStatus {
        let client: JobClient
        switch SchemaCommand.client(context) {
        case .success(let value): client = value
        case .failure(let failure): return failure.status
        }
        let schema: JobSchema
        do {
            schema = try await client.schema()
        } catch {
            return SchemaCommand.fail(error, context)
        }
        if context.arguments.flag("json") {
            struct Output: Encodable {
                let directory: String
                let object: String
                let attributes: [SchemaAttributeOutput]
            }
            let attributes = schema.attributes.map { SchemaAttributeOutput($0, targets: schema.targets(of: $0.name)) }
            context.console.out(
                SchemaCommand.json(
                    Output(directory: schema.sourceDirectory, object: schema.sourceObject, attributes: attributes)))
            return .success
        }
        context.console.line(
            "\(schema.attributes.count) attributes of \(schema.sourceObject) (directory \(schema.sourceDirectory)):")
        for attribute in schema.attributes {
            let targets = schema.targets(of: attribute.name)
            let flow = targets.isEmpty ? "flows nowhere" : "→ " + targets.joined(separator: ", ")
            context.console.line("  \(attribute.name) (\(SchemaCommand.describe(attribute))) \(flow)")
        }
        return .success
    }
}
