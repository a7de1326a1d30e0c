import Graph
import Mapping

/// The schema pre-flight of a run: the attributes the job's schema lacks, and Entra's limits checked against the
/// attributes the job's own mappings send each value to.
extension SyncRun {
    /// Reads and selects the export; `resume` decides what an unfinished earlier run means for this one.
    func plan(_ export: ExportJob) throws(SyncError) -> PlannedExport {
        try ExportPlanner.plan(export) { [job] identity throws(SyncError) in
            try ResumeDecision.decide(
                journalPath: job.journalPath, resume: job.resume, identity: identity, input: job.export.input,
                endpoint: job.endpoint.url.absoluteString, hasState: job.export.statePath != nil)
        }
    }

    /// One read of the job's schema, cancelled by `stop()` (the run then stops as usual).
    func checkSchema(
        _ check: SchemaCheck, mapping: ColumnMapping
    ) async -> (verdict: SchemaCheck.Verdict, schema: JobSchema?) {
        let client = JobClient(
            jobURL: job.endpoint.jobURL, transport: transport, tokens: tokens, time: time, maxAttempts: 2,
            maxWait: 30,
            requests: GraphRequest(userAgent: job.upload.userAgent, timeoutSeconds: job.upload.requestTimeoutSeconds))
        let paths = mapping.rules.map(\.path)
        let command = job.schemaApplyCommand
        let task = Task { await check.review(paths: paths, client: client, applyCommand: command) }
        preflight.started { task.cancel() }
        return await task.value
    }

    /// The job's flows, when they send one of the mapping's attributes to a checked Entra attribute other than the
    /// flows the export was checked with; nil when the checks would agree (the usual case: nothing is read again).
    func jobFlows(_ schema: JobSchema, for mapping: ColumnMapping) -> AttributeFlows? {
        let flows = AttributeFlows(targetBySource: schema.targetBySource)
        let checked = job.export.preparer.flows
        let differing = mapping.rules.map(\.path).contains { path in
            let (now, then) = (flows.target(of: path), checked.target(of: path))
            guard now?.lowercased() != then?.lowercased() else { return false }
            return [now, then].contains { $0.map(EntraLimits.checks) ?? false }
        }
        return differing ? flows : nil
    }

    /// The export read again with the job's flows; the problems the first reading did not have are reported.
    func recheck(_ planned: PlannedExport, flows: AttributeFlows) throws(SyncError) -> PlannedExport {
        var export = job.export
        export.preparer.flows = flows
        let again = try plan(export)
        let before = planned.export.problems
        let new = again.export.problems.filter { !before.contains($0) }
        events(
            .notice(
                "the job's mappings send some attributes to other Entra attributes than the default mappings; the "
                    + "export was checked again against Entra's limits of the attributes the job writes"))
        events(.problems(new, file: again.export.file))
        return again
    }
}
