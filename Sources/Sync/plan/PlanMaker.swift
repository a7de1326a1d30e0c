import Configuration
import Export
import Foundation
import Hashing
import Mapping

/// Makes a plan from an export read and selected, and checks a plan against what would be sent now.
package enum PlanMaker {
    /// The plan of `planned`, read with `job`, for `target` (nil only for a plan that is not written with `--out`);
    /// `directory`: the predictions of `--directory`, on each record they concern.
    package static func make(
        _ job: ExportJob, _ planned: ExportPlan, target: PlanFile.Target?, directory: DirectoryReview? = nil,
        createdAt: Date = Date()
    ) throws -> PlanFile {
        let export = planned.export
        var records = try PlanRecord.all(of: planned)
        if let directory {
            let byId = Dictionary(directory.records.map { ($0.externalId, $0.prediction) }) { first, _ in first }
            for position in records.indices {
                guard let prediction = byId[records[position].externalId] else { continue }
                records[position].directory = PlannedOutcome(
                    prediction, matchingAttribute: directory.matchingAttribute)
            }
        }
        let requests = export.batches.count
        let counts = PlanFile.Counts(
            rows: export.rows, valid: export.valid, invalid: export.invalid,
            new: planned.delta?.newCount ?? export.valid,
            changed: planned.delta?.changedCount ?? 0, unchanged: export.unchanged,
            leavers: planned.delta?.leavers.count ?? 0, leaversToDisable: export.leavers,
            recordsToSend: export.toSend + export.leavers, requests: requests)
        var plan = PlanFile(
            createdAt: createdAt, target: target,
            input: .init(path: job.input, sha256: planned.identity.inputDigest),
            mapping: job.reader.mappingFile.map { .init(path: $0, sha256: planned.identity.mappingDigest) },
            state: job.statePath.map(PlanFile.fingerprint), options: options(job), counts: counts,
            quota: .init(
                requests: requests, shareOfP1P2: Double(requests) / 2000, shareOfGovernance: Double(requests) / 6000),
            recordsDigest: PlanRecord.digest(records), records: records)
        if let review = planned.brakes?.review {
            plan.disables = review.disables.isEmpty ? nil : review.disables
            plan.renames = review.renames.isEmpty ? nil : review.renames
        }
        plan.directory = directory.map(DirectorySummary.init)
        return plan
    }

    static func options(_ job: ExportJob) -> PlanFile.Options {
        let brakes = job.brakes ?? Brakes()
        return PlanFile.Options(
            batchSize: job.identityOptions.batchSize, emptyAsNull: job.identityOptions.emptyAsNull,
            delimiter: job.identityOptions.delimiter, encoding: job.identityOptions.encoding, full: job.delta.full,
            missing: job.delta.missing.rawValue, maxDisable: brakes.maxDisable.setting,
            maxRename: brakes.maxRename.setting, allowEmptyExport: job.delta.allowEmptyExport,
            format: job.identityOptions.format, recordsPath: job.identityOptions.recordsPath)
    }

    /// The export job a plan was made with (its input, mapping, state and options).
    package static func job(of plan: PlanFile, reader base: ExportReader) throws(SyncError) -> ExportJob {
        var reader = base
        reader.mappingFile = plan.mapping?.path
        reader.batchSize = plan.options.batchSize
        reader.emptyAsNull = plan.options.emptyAsNull
        reader.format = plan.options.format.flatMap(InputFormat.init(rawValue:))
        reader.recordsPath = plan.options.recordsPath
        let identity = RunIdentity.Options(
            batchSize: plan.options.batchSize, emptyAsNull: plan.options.emptyAsNull,
            delimiter: plan.options.delimiter, encoding: plan.options.encoding, format: plan.options.format,
            recordsPath: plan.options.recordsPath)
        var job = ExportJob(
            input: plan.input.path, reader: reader, statePath: plan.state?.path, identityOptions: identity)
        guard let missing = DeltaPlan.MissingPolicy(rawValue: plan.options.missing),
            let maxDisable = DeltaPlan.Threshold(plan.options.maxDisable),
            let maxRename = DeltaPlan.Threshold(plan.options.maxRename ?? "5%")
        else { throw .data("the plan's options are not ones provision writes (missing, max-disable, max-rename)") }
        job.delta.full = plan.options.full
        job.delta.missing = missing
        var brakes = Brakes()
        brakes.maxDisable = maxDisable
        brakes.maxRename = maxRename
        job.brakes = brakes
        job.delta.allowEmptyExport = plan.options.allowEmptyExport
        return job
    }

    /// The target of a plan made for `endpoint` in `tenant`.
    package static func target(endpoint: BulkUploadEndpoint, tenant: String?) -> PlanFile.Target {
        PlanFile.Target(
            endpoint: endpoint.url.absoluteString, servicePrincipalId: endpoint.servicePrincipalId,
            jobId: endpoint.jobId, tenant: tenant)
    }

    /// Throws (exit 64) when this run would send to another job, Graph or tenant than the plan was made for: what
    /// was reviewed was that job's change. Ids compare without regard to case (they are GUIDs and job ids).
    package static func checkTarget(_ plan: PlanFile, endpoint: BulkUploadEndpoint, tenant: String?)
        throws(ConfigurationError)
    {
        guard let made = plan.target else {
            throw ConfigurationError("the plan names no job; make it with the endpoint it is for", kind: .usage)
        }
        let now = target(endpoint: endpoint, tenant: tenant)
        var differs: [String] = []
        func same(_ a: String?, _ b: String?) -> Bool { a?.lowercased() == b?.lowercased() }
        if URL(string: made.endpoint)?.host?.lowercased() != endpoint.url.host?.lowercased() {
            differs.append(
                "the Graph host (\(URL(string: made.endpoint)?.host ?? made.endpoint), now \(endpoint.host))")
        }
        if !same(made.servicePrincipalId, now.servicePrincipalId) || !same(made.jobId, now.jobId) {
            differs.append(
                "the job (servicePrincipals/\(made.servicePrincipalId)/…/jobs/\(made.jobId), now "
                    + "servicePrincipals/\(now.servicePrincipalId)/…/jobs/\(now.jobId))")
        }
        if !same(made.tenant, now.tenant) {
            differs.append("the tenant (\(made.tenant ?? "none set"), now \(now.tenant ?? "none set"))")
        }
        guard !differs.isEmpty else { return }
        throw ConfigurationError(
            "the plan was made for another target than this run's: \(differs.joined(separator: "; ")); nothing was "
                + "sent. Apply it with the endpoint and tenant it was made for, or make a new plan",
            kind: .usage)
    }

    /// Throws (exit 65) naming everything that differs between the approved plan and what would be sent now.
    package static func verify(_ plan: PlanFile, against planned: ExportPlan, job: ExportJob) throws(SyncError) {
        var changed: [String] = []
        if plan.input.sha256 != planned.identity.inputDigest { changed.append("the input \(plan.input.path)") }
        if plan.mapping?.sha256 != planned.identity.mappingDigest {
            changed.append("the mapping \(plan.mapping?.path ?? job.reader.mappingFile ?? "")")
        }
        if let state = plan.state, PlanFile.fingerprint(state.path).sha256 != state.sha256 {
            changed.append("the state \(state.path) (another run was applied since the plan was made)")
        }
        var approved = plan.options
        approved.maxRename = approved.maxRename ?? Brakes().maxRename.setting
        if approved != options(job) { changed.append("the options") }
        if changed.isEmpty, let records = try? PlanRecord.all(of: planned, diffs: false),
            PlanRecord.digest(records) != plan.recordsDigest
        {
            changed.append("the records it would send")
        }
        guard !changed.isEmpty else { return }
        throw .data(
            "the plan made at \(plan.createdAt) no longer matches: \(changed.joined(separator: ", ")) changed since; "
                + "nothing was sent. Make a new plan and have it approved")
    }
}
