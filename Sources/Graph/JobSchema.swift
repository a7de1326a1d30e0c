import Foundation
import JSONDocument

/// A synchronization job's schema (Graph's `synchronizationSchema`, docs/service.md "The schema"): the attributes of
/// the API source object, which the service accepts from bulkUpload, and the attribute mappings that say which
/// Entra attribute each flows to.
///
/// The whole document is kept as read: `PUT …/schema` replaces the schema whole, so writing it back must carry
/// every member this client does not model.
package struct JobSchema: Sendable {
    /// One attribute of the source object (Graph's `attributeDefinition`).
    package struct Attribute: Sendable, Equatable {
        package var name: String
        /// `String`, `Integer`, `Reference`, `Binary`, `Boolean` or `DateTime`.
        package var type: String
        package var multivalued: Bool
        /// `flowNullValues`: the source side of "clear attribute values" (the attribute mapping has its own switch).
        package var flowNullValues: Bool

        package init(name: String, type: String, multivalued: Bool = false, flowNullValues: Bool = false) {
            self.name = name
            self.type = type
            self.multivalued = multivalued
            self.flowNullValues = flowNullValues
        }
    }

    /// One attribute mapping: the target attribute and where its value comes from (nil: a default value only).
    package struct AttributeMapping: Sendable, Equatable {
        package var targetAttributeName: String
        package var source: MappingSource?
        /// 1 for the attribute the job matches records on (0 or nil: not a matching attribute).
        package var matchingPriority: Int? = nil
        /// `Always`, `ObjectAddOnly` (written only when the job creates the object), … (nil: not given).
        package var flowType: String? = nil
    }

    /// The document as read (without `@odata.*` annotations).
    package let document: JSON
    /// The API source directory (the first one) and its object that the mappings read.
    package let sourceDirectory: String
    package let sourceObject: String
    /// The directory the mappings write to (`targetDirectoryName` of the rule), when the schema names it.
    package let targetDirectory: String?
    package let attributes: [Attribute]
    /// The mappings of the enabled object mappings from the source object, in document order.
    package let attributeMappings: [AttributeMapping]
    /// Where the source object's attribute list is: `directories[directoryIndex].objects[objectIndex]`.
    let objectIndex: Int

    package init(data: Data) throws(JobSchemaError) {
        let document: JSON
        do {
            document = try JSON.parse(data)
        } catch {
            throw JobSchemaError("the schema is not JSON (\(error.reason) at byte \(error.offset))")
        }
        try self.init(document: document)
    }

    package init(document given: JSON) throws(JobSchemaError) {
        guard let members = given.members else {
            throw JobSchemaError("the schema is \(given.kindName), not a synchronizationSchema object")
        }
        document = .object(members.filter { !$0.key.hasPrefix("@odata.") })
        guard let directory = document["directories"]?.arrayValue?.first else {
            throw JobSchemaError("directories is missing or empty: the schema has no API source directory")
        }
        guard let directoryName = directory["name"]?.stringValue else {
            throw JobSchemaError("directories[0].name is missing")
        }
        let objects = directory["objects"]?.arrayValue ?? []
        let rules = (document["synchronizationRules"]?.arrayValue ?? []).filter {
            $0["sourceDirectoryName"]?.stringValue == directoryName
        }
        let mappings = rules.flatMap { $0["objectMappings"]?.arrayValue ?? [] }.filter { $0["enabled"] != .bool(false) }
        targetDirectory = rules.lazy.compactMap { $0["targetDirectoryName"]?.stringValue }.first
        let names = objects.map { $0["name"]?.stringValue ?? "" }
        // The object the mappings read (the one provisioning Users first); else `User`; else the first.
        let toUsers = mappings.filter { $0["targetObjectName"]?.stringValue == "User" }
        let read = (toUsers + mappings).compactMap { $0["sourceObjectName"]?.stringValue }
        guard
            let index = read.lazy.compactMap({ name in names.firstIndex(where: { Self.same($0, name) }) }).first
                ?? names.firstIndex(of: "User") ?? (names.isEmpty ? nil : 0)
        else {
            throw JobSchemaError("directories[0].objects is empty: the API source has no object")
        }
        objectIndex = index
        sourceDirectory = directoryName
        sourceObject = names[index]
        let path = "directories[0].objects[\(index)]"
        var attributes: [Attribute] = []
        for (position, item) in (objects[index]["attributes"]?.arrayValue ?? []).enumerated() {
            guard let name = item["name"]?.stringValue else {
                throw JobSchemaError("\(path).attributes[\(position)].name is missing")
            }
            attributes.append(
                Attribute(
                    name: name, type: item["type"]?.stringValue ?? "String",
                    multivalued: item["multivalued"]?.boolValue ?? false,
                    flowNullValues: item["flowNullValues"]?.boolValue ?? false))
        }
        self.attributes = attributes
        var flows: [AttributeMapping] = []
        let object = sourceObject
        for mapping in mappings where Self.same(mapping["sourceObjectName"]?.stringValue ?? "", object) {
            for (position, item) in (mapping["attributeMappings"]?.arrayValue ?? []).enumerated() {
                guard let target = item["targetAttributeName"]?.stringValue else { continue }
                var source: MappingSource?
                if let given = item["source"], given != .null {
                    source = try MappingSource.parse(given, path: "attributeMappings[\(position)].source (\(target))")
                }
                var flow = AttributeMapping(targetAttributeName: target, source: source)
                flow.matchingPriority = item["matchingPriority"]?.integerValue.map { Int(clamping: $0) }
                flow.flowType = item["flowType"]?.stringValue
                flows.append(flow)
            }
        }
        attributeMappings = flows
    }

    /// SCIM attribute names compare ignoring case, as the service compares them.
    static func same(_ a: String, _ b: String) -> Bool { a.caseInsensitiveCompare(b) == .orderedSame }

    /// The source attribute `name` (any case), or nil when the schema lacks it.
    package func attribute(named name: String) -> Attribute? { attributes.first { Self.same($0.name, name) } }

    /// Every target attribute whose mapping reads source attribute `name`, in document order.
    package func targets(of name: String) -> [String] {
        attributeMappings.filter { mapping in
            mapping.source?.attributeNames.contains { Self.same($0, name) } ?? false
        }.map(\.targetAttributeName)
    }

    /// Source attribute (lower-cased SCIM path) → the Entra attribute its value flows to: direct attribute
    /// mappings, and functions of one attribute. The first mapping wins when one attribute flows to several.
    package var targetBySource: [String: String] {
        var map: [String: String] = [:]
        for mapping in attributeMappings {
            guard let name = mapping.source?.flowingAttribute?.lowercased(), map[name] == nil else { continue }
            map[name] = mapping.targetAttributeName
        }
        return map
    }

    /// Source attributes (lower-cased) whose first mapping is a function of them rather than the attribute itself:
    /// their value reaches the target transformed (`Join("@", [userName], "contoso.com")` → userPrincipalName).
    package var computedSources: Set<String> {
        var seen: Set<String> = []
        var computed: Set<String> = []
        for mapping in attributeMappings {
            guard let source = mapping.source, let name = source.flowingAttribute?.lowercased(),
                seen.insert(name).inserted
            else { continue }
            if case .function = source { computed.insert(name) }
        }
        return computed
    }

    /// The mapping the job matches records on: the one with matching priority 1 (else the lowest above 0).
    package var matchingMapping: AttributeMapping? {
        attributeMappings.filter { ($0.matchingPriority ?? 0) > 0 }.min { $0.matchingPriority! < $1.matchingPriority! }
    }

    /// The job's id as the schema gives it (the emulator and Graph name the schema after its job), if any.
    package var jobId: String? { document["id"]?.stringValue }

    /// The body of a `PUT …/schema`: the document as read, changes included.
    package var body: Data { document.serialized }
}
