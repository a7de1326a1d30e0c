import Foundation
import JSONDocument

/// A job's synchronization schema: the document `GET …/jobs/{id}/schema` returns and `PUT` replaces, and what the
/// processor reads from it: the attribute list of the API source object (anything else a record carries is
/// ignored, as the service does) and the attribute mappings that say which target attribute gets which value.
/// docs/service.md, "Synchronization job and schema".
struct SynchronizationSchema: Sendable {
    /// One attribute of the source object (Graph's `attributeDefinition`), as the processor needs it.
    struct SourceAttribute: Sendable, Equatable {
        var name: String
        var type: String
        var multivalued: Bool
        /// "Flow null values": a record that leaves the attribute out (or sends null or "") clears what it maps to.
        var flowNullValues = false
    }

    /// One attribute mapping (Graph's `attributeMapping`): how a target attribute gets its value.
    struct Flow: Sendable, Equatable {
        var target: String
        /// nil: the mapping has only a default value.
        var source: MappingExpression?
        var defaultValue: String?
        /// `Always`, or `ObjectAddOnly` (applied when the user is created, never on updates).
        var flowType: String
    }

    /// The stored document, with the emulator's `id` and `version`.
    let document: JSON
    let version: Int
    let sourceDirectoryName: String
    let sourceObjectName: String
    /// The source object's attributes by lower-cased name: SCIM attribute names compare ignoring case.
    let sourceAttributes: [String: SourceAttribute]
    /// The mappings of the first enabled object mapping (API source object → User), in document order.
    let flows: [Flow]

    /// Validates `document` as a whole schema (the body of a PUT) and compiles what processing needs.
    init(document: JSON, id: String, version: Int) throws(SchemaError) {
        let shape = try SchemaShape(document)
        var members: [JSONMember] = [JSONMember("id", .string(id)), JSONMember("version", .string(String(version)))]
        if case .object(let given) = document {
            members += given.filter { !$0.key.hasPrefix("@odata.") && $0.key != "id" && $0.key != "version" }
        }
        self.document = .object(members)
        self.version = version
        sourceDirectoryName = shape.sourceDirectory
        sourceObjectName = shape.sourceObject
        sourceAttributes = Dictionary(
            shape.sourceAttributes.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        flows = shape.flows
    }

    /// The source attribute `name` (any case), or nil when the schema does not have it.
    func sourceAttribute(_ name: String) -> SourceAttribute? { sourceAttributes[name.lowercased()] }
}

/// A schema the emulator refuses (400 with the Graph error envelope); `message` names the offending path.
struct SchemaError: Error, Sendable, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
