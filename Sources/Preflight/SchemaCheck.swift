import Graph
import SCIM

/// The pre-flight of `upload` and `check`: the attributes the mapping sends that the job's schema lacks. The
/// service drops those without a word, so by default they stop the run before anything is sent;
/// `--ignore-unknown-attributes` makes them a warning. A schema that cannot be read (the token lacks
/// Synchronization.Read.All, say) is a warning: the attributes are then not checked.
package enum SchemaCheck: Sendable, Equatable {
    case refuse
    case warn

    package enum Verdict: Sendable, Equatable {
        /// Nothing is missing, or what is missing is only warned about.
        case proceed(warnings: [String])
        /// Something is missing: the message names each attribute.
        case refuse(String)
    }

    /// What to run to add the missing attributes when the caller knows no better (the CLI gives the exact command).
    package static let genericApplyCommand = "provision schema apply --mapping FILE --yes"

    /// Reads the schema once and compares `paths` with it.
    package func verdict(
        paths: [AttributePath], client: JobClient, applyCommand: String = genericApplyCommand
    ) async -> Verdict {
        await review(paths: paths, client: client, applyCommand: applyCommand).verdict
    }

    /// The verdict, and the schema it was drawn from (nil when the schema could not be read).
    package func review(
        paths: [AttributePath], client: JobClient, applyCommand: String = genericApplyCommand
    ) async -> (verdict: Verdict, schema: JobSchema?) {
        let schema: JobSchema
        do {
            schema = try await client.schema()
        } catch {
            return (.proceed(warnings: [Self.unreadable(error)]), nil)
        }
        return (verdict(SchemaDiff(sending: paths, schema: schema), applyCommand: applyCommand), schema)
    }

    /// - Parameter applyCommand: the command that adds the missing attributes, named in the message.
    package func verdict(_ diff: SchemaDiff, applyCommand: String = genericApplyCommand) -> Verdict {
        guard !diff.missing.isEmpty else { return .proceed(warnings: []) }
        let count = diff.missing.count
        let subject = count == 1 ? "1 attribute the mapping sends is" : "\(count) attributes the mapping sends are"
        switch self {
        case .refuse:
            return .refuse(
                "\(subject) not in the job's schema, so the service would drop \(count == 1 ? "it" : "them"): "
                    + "\(diff.missingList); run `\(applyCommand)` to add "
                    + "\(count == 1 ? "it" : "them") (or --ignore-unknown-attributes to send anyway); nothing was sent")
        case .warn:
            return .proceed(warnings: [
                "\(subject) not in the job's schema and will be dropped by the service "
                    + "(--ignore-unknown-attributes): \(diff.missingList); `\(applyCommand)` adds "
                    + "\(count == 1 ? "it" : "them")"
            ])
        }
    }

    static func unreadable(_ error: JobClientError) -> String {
        "the job's schema could not be read (\(error.localizedDescription)); attributes are not checked"
    }
}
