import Directory
import Expressions
import Graph
import Mapping
import Preflight

/// What a tenant-aware plan needs of the job: where each SCIM attribute flows, the attribute it matches records on,
/// the attributes it writes (selected and compared) and those it writes only when it creates an account. From the
/// job's schema, or, when that cannot be read, the default mappings of an API-driven job to Entra ID.
package struct DirectoryTarget: Sendable {
    package var flows: AttributeFlows
    /// The target attribute the job matches records on: its mapping with matching priority 1 (`employeeId`).
    package var matchingAttribute: String
    /// The target attributes the job's mappings write.
    package var attributes: [String]
    /// Written only when the job creates the account (`flowType` `ObjectAddOnly`).
    package var addOnlyAttributes: [String]
    /// Read from the job's schema; false: the default mappings are assumed.
    package var fromSchema: Bool

    /// Where the job provisions to, when known.
    package var directory: TargetDirectory? { flows.directory }

    package init(schema: JobSchema, jobId: String?) {
        flows = AttributeFlows(schema: schema, jobId: jobId)
        matchingAttribute = schema.matchingMapping?.targetAttributeName ?? "employeeId"
        var attributes: [String] = []
        for mapping in schema.attributeMappings
        where !attributes.contains(where: { $0.caseInsensitiveCompare(mapping.targetAttributeName) == .orderedSame }) {
            attributes.append(mapping.targetAttributeName)
        }
        self.attributes = attributes
        addOnlyAttributes = schema.attributeMappings.filter { $0.flowType == "ObjectAddOnly" }.map(
            \.targetAttributeName)
        fromSchema = true
    }

    /// The default mappings (docs/service.md, "How the service treats records"), for the job `jobId` names.
    package static func defaults(jobId: String?) -> DirectoryTarget {
        var flows = AttributeFlows.defaultMappings
        flows.directory = jobId.flatMap(TargetDirectory.init(jobId:))
        let attributes = Array(Set(flows.targetBySource.values)).sorted() + ["accountEnabled"]
        return DirectoryTarget(
            flows: flows, matchingAttribute: "employeeId", attributes: attributes, addOnlyAttributes: [],
            fromSchema: false)
    }

    private init(
        flows: AttributeFlows, matchingAttribute: String, attributes: [String], addOnlyAttributes: [String],
        fromSchema: Bool
    ) {
        self.flows = flows
        self.matchingAttribute = matchingAttribute
        self.attributes = attributes
        self.addOnlyAttributes = addOnlyAttributes
        self.fromSchema = fromSchema
    }

    /// Why `--directory` does nothing for a job that provisions to on-premises Active Directory.
    package static let activeDirectoryNotice =
        "--directory: this job provisions to on-premises Active Directory, which cannot be read through Microsoft "
        + "Graph; the directory is not read (SelectUniqueValue belongs in the job's own attribute mapping there)"

    /// Said when the job's schema could not be read and the default mappings stand in for it.
    package static func assumedDefaults(_ reason: String) -> String {
        "--directory: the job's schema could not be read (\(reason)); the default mappings of an API-driven job "
            + "are assumed for the matching attribute (employeeId) and the attributes compared"
    }
}
