import Directory
import DirectoryClient
import Graph

/// `check --directory`: a quick count of what an export would do in the tenant, or whether its users can be read.
extension TenantCheck {
    func checkDirectory(
        _ count: DirectoryCount, schema: JobSchema?, token: String, findings: inout [Finding]
    ) async -> ExitStatus {
        let jobId = settings.endpoint.jobId
        let target = schema.map { DirectoryTarget(schema: $0, jobId: jobId) } ?? .defaults(jobId: jobId)
        guard target.directory != .activeDirectory else {
            findings.append(
                Finding(check: "directory", result: "warning", detail: DirectoryTarget.activeDirectoryNotice))
            return .success
        }
        let planner = DirectoryPlanner(
            target: target, settings: settings, transport: transport, tokens: ObtainedToken(token), time: time)
        let lacks =
            "the app may not read the tenant's users (it lacks the application permission "
            + "\(DirectoryReadError.permission)): --directory finds nothing"
        do throws(SyncError) {
            switch count {
            case .readable:
                guard let users = try await planner.countUsers() else {
                    findings.append(Finding(check: "directory", result: "warning", detail: lacks))
                    return .success
                }
                findings.append(
                    Finding(
                        check: "directory", result: "ok",
                        detail: "readable: \(users) users; give an export to count what it would do there"))
            case .export(let job):
                var job = job
                if target.fromSchema { job.reader.flows = target.flows }
                let outcome = try await planner.plan(job)
                guard let review = outcome.review else {
                    findings.append(Finding(check: "directory", result: "warning", detail: lacks))
                    return .success
                }
                let failing = review.summary.failing
                let detail =
                    "\(job.input): \(review.counts)"
                    + (failing > 0 ? " ('provision upload --directory' would stop; 'plan --directory' names them)" : "")
                // Not ready: the upload that --directory guards would stop before sending.
                findings.append(Finding(check: "directory", result: failing > 0 ? "error" : "ok", detail: detail))
                return failing > 0 ? .dataError : .success
            }
            return .success
        } catch {
            findings.append(Finding(check: "directory", result: "error", detail: error.localizedDescription))
            return ExitStatus(failure: error)
        }
    }
}
