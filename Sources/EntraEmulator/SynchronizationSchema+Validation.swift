import Foundation
import JSONDocument

/// The structural checks of a synchronization schema, in document order, and what they yield. Graph's rule is that
/// an object or attribute must be defined in its directory definition before a synchronization rule or an object
/// mapping can use it, so a mapping that names an undefined attribute is refused rather than ignored.
struct SchemaShape {
    static let attributeTypes: Set<String> = ["String", "Integer", "Reference", "Binary", "Boolean", "DateTime"]
    static let mutabilities: Set<String> = ["ReadWrite", "ReadOnly", "Immutable", "WriteOnly"]
    static let flowTypes: Set<String> = [
        "Always", "ObjectAddOnly", "MultiValueAddOnly", "ValueAddOnly", "AttributeAddOnly",
    ]
    static let flowBehaviors: Set<String> = ["Default", "FlowWhenChanged", "FlowAlways"]

    private(set) var sourceDirectory = ""
    private(set) var sourceObject = ""
    private(set) var sourceAttributes: [SynchronizationSchema.SourceAttribute] = []
    private(set) var flows: [SynchronizationSchema.Flow] = []
    /// Whether the mapping followed provisions Users (a later one that does is preferred to one that does not).
    private var flowsTargetUsers = false
    /// Directory name → object name → attributes.
    private var objects: [String: [String: [SynchronizationSchema.SourceAttribute]]] = [:]

    init(_ document: JSON) throws(SchemaError) {
        guard document.isObject else {
            throw SchemaError("The schema must be a JSON object (a synchronizationSchema).")
        }
        guard let directories = document["directories"]?.arrayValue, !directories.isEmpty else {
            throw SchemaError("directories must be a non-empty array of directory definitions.")
        }
        for (index, directory) in directories.enumerated() {
            try readDirectory(directory, path: "directories[\(index)]")
        }
        guard let rules = document["synchronizationRules"]?.arrayValue else {
            throw SchemaError("synchronizationRules must be an array of synchronization rules.")
        }
        for (index, rule) in rules.enumerated() { try readRule(rule, path: "synchronizationRules[\(index)]") }
        if sourceObject.isEmpty, let first = directories.first, let name = first["name"]?.stringValue,
            let object = first["objects"]?.arrayValue?.first?["name"]?.stringValue
        {
            // No enabled object mapping: nothing flows, and the attribute list is the first directory's first object.
            (sourceDirectory, sourceObject) = (name, object)
            sourceAttributes = objects[name]?[object] ?? []
        }
    }

    private mutating func readDirectory(_ directory: JSON, path: String) throws(SchemaError) {
        guard directory.isObject else { throw SchemaError("\(path) must be an object (a directoryDefinition).") }
        guard let name = directory["name"]?.stringValue, !name.isEmpty else {
            throw SchemaError("\(path).name must be a non-empty string.")
        }
        guard objects[name] == nil else { throw SchemaError("\(path).name '\(name)' is used by two directories.") }
        guard let items = directory["objects"]?.arrayValue else {
            throw SchemaError("\(path).objects must be an array.")
        }
        var byName: [String: [SynchronizationSchema.SourceAttribute]] = [:]
        for (index, object) in items.enumerated() {
            let objectPath = "\(path).objects[\(index)]"
            guard object.isObject, let objectName = object["name"]?.stringValue, !objectName.isEmpty else {
                throw SchemaError("\(objectPath) must be an object with a non-empty name.")
            }
            guard let attributes = object["attributes"]?.arrayValue else {
                throw SchemaError("\(objectPath).attributes must be an array.")
            }
            var seen: Set<String> = []
            var definitions: [SynchronizationSchema.SourceAttribute] = []
            for (attributeIndex, attribute) in attributes.enumerated() {
                let definition = try Self.attribute(attribute, path: "\(objectPath).attributes[\(attributeIndex)]")
                guard seen.insert(definition.name.lowercased()).inserted else {
                    throw SchemaError("\(objectPath).attributes: '\(definition.name)' is defined twice.")
                }
                definitions.append(definition)
            }
            byName[objectName] = definitions
        }
        objects[name] = byName
    }

    private static func attribute(
        _ value: JSON, path: String
    ) throws(SchemaError) -> SynchronizationSchema.SourceAttribute {
        guard value.isObject else { throw SchemaError("\(path) must be an object (an attributeDefinition).") }
        guard let name = value["name"]?.stringValue, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SchemaError("\(path).name must be a non-empty string.")
        }
        guard let type = value["type"]?.stringValue, attributeTypes.contains(type) else {
            let shown = value["type"].map { $0.stringValue.map { "'\($0)'" } ?? $0.kindName } ?? "missing"
            throw SchemaError(
                "\(path).type (\(name)) is \(shown); use String, Integer, Reference, Binary, Boolean or DateTime.")
        }
        for flag in ["anchor", "caseExact", "flowNullValues", "multivalued", "required"] {
            if let given = value[flag], given != .null, !Self.isBool(given) {
                throw SchemaError("\(path).\(flag) (\(name)) must be true or false, not \(given.kindName).")
            }
        }
        if let mutability = value["mutability"], mutability != .null {
            guard let text = mutability.stringValue, mutabilities.contains(text) else {
                throw SchemaError("\(path).mutability (\(name)) must be ReadWrite, ReadOnly, Immutable or WriteOnly.")
            }
        }
        for list in ["apiExpressions", "metadata", "referencedObjects"] {
            if let given = value[list], given != .null, given.arrayValue == nil {
                throw SchemaError("\(path).\(list) (\(name)) must be an array.")
            }
        }
        return .init(
            name: name, type: type, multivalued: value["multivalued"] == .bool(true),
            flowNullValues: value["flowNullValues"] == .bool(true))
    }

    private mutating func readRule(_ rule: JSON, path: String) throws(SchemaError) {
        guard rule.isObject else { throw SchemaError("\(path) must be an object (a synchronizationRule).") }
        let source = try directory(rule, "sourceDirectoryName", path: path)
        let target = try directory(rule, "targetDirectoryName", path: path)
        guard let mappings = rule["objectMappings"]?.arrayValue else {
            throw SchemaError("\(path).objectMappings must be an array.")
        }
        for (index, mapping) in mappings.enumerated() {
            try readObjectMapping(mapping, source: source, target: target, path: "\(path).objectMappings[\(index)]")
        }
    }

    private func directory(_ rule: JSON, _ key: String, path: String) throws(SchemaError) -> String {
        guard let name = rule[key]?.stringValue, objects[name] != nil else {
            let shown = rule[key]?.stringValue.map { "'\($0)'" } ?? "missing"
            throw SchemaError("\(path).\(key) is \(shown); it must name one of the schema's directories.")
        }
        return name
    }

    private mutating func readObjectMapping(
        _ mapping: JSON, source: String, target: String, path: String
    )
        throws(SchemaError)
    {
        guard mapping.isObject else { throw SchemaError("\(path) must be an object (an objectMapping).") }
        guard let sourceName = mapping["sourceObjectName"]?.stringValue,
            let sourceDefinitions = objects[source]?[sourceName]
        else {
            throw SchemaError("\(path).sourceObjectName must name an object of directory '\(source)'.")
        }
        guard let targetName = mapping["targetObjectName"]?.stringValue,
            let targetAttributes = objects[target]?[targetName]
        else {
            throw SchemaError("\(path).targetObjectName must name an object of directory '\(target)'.")
        }
        guard let items = mapping["attributeMappings"]?.arrayValue else {
            throw SchemaError("\(path).attributeMappings must be an array.")
        }
        let sourceNames = Set(sourceDefinitions.map { $0.name.lowercased() })
        let targetNames = Set(targetAttributes.map { $0.name.lowercased() })
        var flows: [SynchronizationSchema.Flow] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path).attributeMappings[\(index)]"
            let flow = try Self.flow(item, path: itemPath)
            guard targetNames.contains(flow.target.lowercased()) else {
                throw SchemaError(
                    "\(itemPath).targetAttributeName '\(flow.target)' is not an attribute of \(target) \(targetName).")
            }
            for name in flow.source?.attributeNames ?? [] where !sourceNames.contains(name.lowercased()) {
                throw SchemaError(
                    "\(itemPath).source reads '\(name)', which is not an attribute of \(source) \(sourceName); "
                        + "add it to the object's attributes first.")
            }
            flows.append(flow)
        }
        // The processor follows the first enabled mapping, preferably the one that provisions Users.
        let enabled = mapping["enabled"] != .bool(false)
        let better = sourceObject.isEmpty || (!flowsTargetUsers && targetName == "User")
        if enabled, better {
            (sourceDirectory, sourceObject, sourceAttributes, self.flows) = (
                source, sourceName, sourceDefinitions, flows
            )
            flowsTargetUsers = targetName == "User"
        }
    }

    private static func flow(_ item: JSON, path: String) throws(SchemaError) -> SynchronizationSchema.Flow {
        guard item.isObject else { throw SchemaError("\(path) must be an object (an attributeMapping).") }
        guard let target = item["targetAttributeName"]?.stringValue, !target.isEmpty else {
            throw SchemaError("\(path).targetAttributeName must be a non-empty string.")
        }
        var source: MappingExpression?
        if let given = item["source"], given != .null {
            source = try MappingExpression.parse(given, path: "\(path).source")
        }
        let defaultValue = item["defaultValue"]?.stringValue
        guard source != nil || defaultValue != nil else {
            throw SchemaError("\(path) (\(target)) needs a source or a defaultValue.")
        }
        let flowType = item["flowType"]?.stringValue ?? "Always"
        guard flowTypes.contains(flowType) else {
            throw SchemaError(
                "\(path).flowType (\(target)) must be one of \(flowTypes.sorted().joined(separator: ", ")).")
        }
        if let behavior = item["flowBehavior"], behavior != .null {
            guard let text = behavior.stringValue, flowBehaviors.contains(text) else {
                throw SchemaError("\(path).flowBehavior (\(target)) must be Default, FlowWhenChanged or FlowAlways.")
            }
        }
        if let priority = item["matchingPriority"], priority != .null {
            guard case .number(let text) = priority, Int(text) != nil else {
                throw SchemaError("\(path).matchingPriority (\(target)) must be a whole number.")
            }
        }
        return .init(target: target, source: source, defaultValue: defaultValue, flowType: flowType)
    }

    private static func isBool(_ value: JSON) -> Bool {
        if case .bool = value { return true }
        return false
    }
}
