import Export
import Graph
import Mapping
import Preflight

/// The schema pre-flight of a run: the attributes the job's schema lacks, and Entra's limits checked against the
/// attributes the job's own mappings send each value to.
extension SyncRun {
    /// Reads and selects the export; `resume` decides what an unfinished earlier run means for this one.
    func plan(_ export: ExportJob) throws(SyncError) -> ExportPlan {
        try ExportPlanner.plan(export, resume: resumeDecision)
    }

    /// What an unfinished earlier run means for this one, given this run's identity.
    var resumeDecision: (RunIdentity) throws(SyncError) -> ResumeDecision {
        { [job] identity throws(SyncError) in
            try ResumeDecision.decide(
                journalPath: job.journalPath, resume: job.resume, identity: identity, input: job.export.input,
                endpoint: job.endpoint.url.absoluteString, hasState: job.export.statePath != nil)
        }
    }

    /// One read of the job's schema, within the run's limits and cancelled by `stop()` (the run then stops as usual).
    func checkSchema(
        _ check: SchemaCheck, mapping: ColumnMapping
    ) async -> (verdict: SchemaCheck.Verdict, schema: JobSchema?) {
        let client = JobClient(
            jobURL: job.endpoint.jobURL, transport: transport, tokens: tokens, time: time,
            maxAttempts: min(2, job.upload.maxAttempts), maxWait: min(30, job.upload.maxWait),
            requests: GraphRequest(userAgent: job.upload.userAgent, timeoutSeconds: job.upload.requestTimeoutSeconds))
        let paths = mapping.rules.map(\.path)
        let command = job.schemaApplyCommand
        let task = Task { await check.review(paths: paths, client: client, applyCommand: command) }
        stopRelay.started { task.cancel() }
        return await task.value
    }

    /// Whether the export must be read again with the job's own flows: they send one of the mapping's attributes to
    /// a checked Entra attribute other than the flows the export was checked with, or they change what the
    /// user-principal-name rules say of values the first reading found fault with (an expression builds the UPN, the
    /// target is AD, or a userName without @ that the default mappings only warned about). Usually not: nothing is
    /// read again.
    func needsRecheck(with flows: AttributeFlows, _ export: BatchedExport) -> Bool {
        let checked = job.export.reader.flows
        let paths = export.mapping.rules.map(\.path)
        let differing = paths.contains { path in
            let (now, then) = (flows.target(of: path), checked.target(of: path))
            guard now?.lowercased() != then?.lowercased() else { return false }
            return [now, then].contains { $0.map(EntraLimits.checks) ?? false }
        }
        let upnProblems = ["invalidUserPrincipalName", "userNameWithoutAt", "userNameNotUPN"].contains {
            (export.problemLog.counts[$0] ?? 0) > 0
        }
        let upnRulesDiffer =
            flows.fromJob != checked.fromJob
            || paths.contains {
                flows.userPrincipalNameRulesApply(to: $0) != checked.userPrincipalNameRulesApply(to: $0)
            }
        return differing || (upnProblems && upnRulesDiffer)
    }

    /// Warnings for attributes records leave out while the job clears them then (when the export is not read again
    /// with the job's flows, which finds them itself).
    func nullFlowProblems(_ export: BatchedExport, flows: AttributeFlows) -> [Problem] {
        export.omissions.problems(mapping: export.mapping, flows: flows, naming: export.naming)
    }

    /// The export read again with the job's flows; the problems the first reading did not have are reported.
    func recheck(_ planned: ExportPlan, flows: AttributeFlows) throws(SyncError) -> ExportPlan {
        var export = job.export
        export.reader.flows = flows
        let again = try plan(export)
        let before = planned.export.problems
        let new = again.export.problems.filter { !before.contains($0) }
        events(
            .notice(
                "the export was checked again against the job's own mappings, read from its schema: they decide "
                    + "which Entra attribute each value goes to and whether userName becomes the user principal name "
                    + "unchanged, which the first check could only assume"))
        events(.problems(new, file: again.export.file))
        return again
    }
}
