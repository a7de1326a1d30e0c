import Directory
import Export
import Graph
import Mapping

/// `upload --directory`: what the tenant-aware check asks of a run.
package struct DirectoryCheck: Sendable, Equatable {
    /// `--allow-collisions`: send even when records are predicted to fail on a value another object holds.
    package var allowCollisions = false

    package init(allowCollisions: Bool = false) { self.allowCollisions = allowCollisions }
}

/// `upload --directory`: after the schema check and before anything is journalled or sent, the directory is read
/// for the records the run would send, unique values are chosen against it too, and each record's outcome is
/// predicted; a record predicted to fail (a value another object holds, a clash in the file, an ambiguous match)
/// stops the run with exit 65, every such finding listed at once, unless collisions are allowed.
extension SyncRun {
    func reviewDirectory(
        _ check: DirectoryCheck, schema: JobSchema?, _ planned: ExportPlan, report: inout RunReport
    ) async -> Result<ExportPlan, SyncError> {
        let target =
            schema.map { DirectoryTarget(schema: $0, jobId: job.endpoint.jobId) }
            ?? .defaults(jobId: job.endpoint.jobId)
        if target.directory == .activeDirectory {
            events(.warning(DirectoryTarget.activeDirectoryNotice))
            return .success(planned)
        }
        if schema == nil {
            events(.notice(DirectoryTarget.assumedDefaults("see the warning above")))
        }
        let planner = DirectoryPlanner(
            target: target, graphBase: job.endpoint.graphBase, version: job.endpoint.version, transport: transport,
            tokens: tokens, time: time,
            requests: GraphRequest(userAgent: job.upload.userAgent, timeoutSeconds: job.upload.requestTimeoutSeconds),
            maxAttempts: job.upload.maxAttempts, maxWait: job.upload.maxWait)
        var next = planned
        let review: DirectoryReview?
        do throws(SyncError) {
            // Unique values not decided by an approved plan are chosen again, against the directory too.
            if let unique = planned.unique, !unique.fromPlan {
                var export = job.export
                export.reader.flows = target.fromSchema ? target.flows : export.reader.flows
                let outcome = try await planner.plan(export, resume: resumeDecision)
                if let notice = outcome.notice { events(.warning(notice)) }
                let before = planned.export.problems
                next = outcome.plan
                let new = next.export.problems.filter { !before.contains($0) }
                if !new.isEmpty { events(.problems(new, file: next.export.file)) }
                report.record(next.export)
                report.record(next.delta, state: next.state?.path)
                report.record(next.brakes)
                review = outcome.review
            } else {
                review = try await planner.review(planned, job: job.export)
                if review == nil { events(.warning(DirectoryPlanner.notReadable)) }
            }
        } catch {
            return .failure(error)
        }
        guard let review else { return .success(next) }
        report.directory = RunReport.DirectoryReport(review)
        events(.directory(review, file: next.export.file))
        let failing = review.failing
        guard !failing.isEmpty, !check.allowCollisions else { return .success(next) }
        let kinds = Dictionary(
            failing.flatMap { $0.prediction.findings.filter(\.failsRecord).map { ($0.kind, 1) } }, uniquingKeysWith: +)
        let counted = kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return .failure(
            .data(
                "\(failing.count == 1 ? "1 record" : "\(failing.count) records") would fail in the directory "
                    + "(\(counted)); nothing was sent. Fix the values, or give --allow-collisions to send anyway"))
    }
}
