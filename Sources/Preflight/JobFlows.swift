import Expressions
import Foundation
import Graph
import Mapping

extension AttributeFlows {
    /// The job's own flows, from its schema: where each attribute goes, which go through an expression, which
    /// flow null values, and the directory written to (from `jobId`, the endpoint's, else from the schema).
    package init(schema: JobSchema, jobId: String?) {
        self.init(
            targetBySource: schema.targetBySource, computed: schema.computedSources,
            flowingNull: Set(schema.attributes.filter(\.flowNullValues).map(\.name)),
            directory: TargetDirectory(schema: schema, jobId: jobId), fromJob: true)
    }
}

extension AttributeFlows {
    /// The flows of a job's schema saved with `provision schema show --out FILE`.
    package init(savedSchema data: Data) throws(JobSchemaError) {
        self.init(schema: try JobSchema(data: data), jobId: nil)
    }
}

extension TargetDirectory {
    /// The job id's template prefix (`API2AAD.`, `API2AD.`) tells; else the schema's target directory name (Entra's
    /// is "Azure Active Directory").
    package init?(schema: JobSchema, jobId: String?) {
        if let known = (jobId ?? schema.jobId).flatMap(TargetDirectory.init(jobId:)) {
            self = known
            return
        }
        guard let name = schema.targetDirectory?.lowercased() else { return nil }
        if name.contains("azure") || name.contains("entra") {
            self = .entraID
        } else if name.contains("active directory") {
            self = .activeDirectory
        } else {
            return nil
        }
    }
}
