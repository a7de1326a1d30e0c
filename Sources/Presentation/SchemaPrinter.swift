import Foundation
import Graph
import Preflight
import Sync

/// `provision schema show | diff | apply`: the job's schema, and what a mapping sends that it lacks.
package struct SchemaPrinter {
    let console: Console

    package init(console: Console) { self.console = console }

    /// `schema show`: each attribute and the Entra attributes it flows to.
    package func print(_ schema: JobSchema, json: Bool) {
        if json {
            struct Output: Encodable {
                let directory: String
                let object: String
                let attributes: [AttributeOutput]
            }
            let attributes = schema.attributes.map { AttributeOutput($0, targets: schema.targets(of: $0.name)) }
            console.out(
                Self.json(
                    Output(directory: schema.sourceDirectory, object: schema.sourceObject, attributes: attributes))
            )
            return
        }
        console.line(
            "\(schema.attributes.count) attributes of \(schema.sourceObject) (directory \(schema.sourceDirectory)):")
        for attribute in schema.attributes {
            let targets = schema.targets(of: attribute.name)
            let flow = targets.isEmpty ? "flows nowhere" : "→ " + targets.joined(separator: ", ")
            console.line("  \(attribute.name) (\(Self.describe(attribute))) \(flow)")
        }
    }

    /// `schema diff | apply`: the attributes the mapping sends that the schema lacks, and those that flow nowhere.
    package func print(_ diff: SchemaDiff, json: Bool) {
        if json {
            struct Output: Encodable {
                let missing: [AttributeOutput]
                let flowingNowhere: [AttributeOutput]
            }
            console.out(
                Self.json(
                    Output(
                        missing: diff.missing.map { AttributeOutput($0.attribute, path: $0.path) },
                        flowingNowhere: diff.flowingNowhere.map { AttributeOutput($0) })))
            return
        }
        if diff.missing.isEmpty {
            console.line("every attribute the mapping sends is in the job's schema")
        } else {
            let count = diff.missing.count
            console.line(
                "\(count == 1 ? "1 attribute the mapping sends is" : "\(count) attributes the mapping sends are") "
                    + "not in the job's schema (the service drops \(count == 1 ? "it" : "them")):")
            for item in diff.missing {
                console.line("  \(item.attribute.name) (\(Self.describe(item.attribute)))")
            }
        }
        guard !diff.flowingNowhere.isEmpty else { return }
        let count = diff.flowingNowhere.count
        let them = count == 1 ? "it" : "them"
        console.line(
            "\(count == 1 ? "1 schema attribute flows" : "\(count) schema attributes flow") to no Entra attribute "
                + "(map \(them) in the portal's attribute mapping to use \(them)):")
        for attribute in diff.flowingNowhere {
            console.line("  \(attribute.name) (\(Self.describe(attribute)))")
        }
    }

    /// `Type` or `Type, multi-valued`.
    private static func describe(_ attribute: JobSchema.Attribute) -> String {
        attribute.type + (attribute.multivalued ? ", multi-valued" : "")
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// One attribute in `--json` output.
    private struct AttributeOutput: Encodable {
        let name: String
        let type: String
        let multivalued: Bool
        var targets: [String]?
        var path: String?

        init(_ attribute: JobSchema.Attribute, targets: [String]? = nil, path: String? = nil) {
            name = attribute.name
            type = attribute.type
            multivalued = attribute.multivalued
            self.targets = targets
            self.path = path
        }
    }
}
