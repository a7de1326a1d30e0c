import Basics
import Configuration
import Export
import Foundation
import Mapping
import Uploader

/// Turns the uploader's result into report fields and the exit status. Every valid row is unchanged (delta sync) or
/// ends in exactly one of accepted, rejected or failed (unsent rows count as failed, rows the resumed run had
/// accepted as accepted), so `rows = invalid + unchanged + accepted + rejected + failed` holds.
package enum UploadAccounting {
    /// Fills the report's counts and batches. Returns why the counts do not add up, nil when they do: a bug, which the
    /// run reports as an internal error (exit 70) with everything else it knows, rather than crashing before the
    /// report is written.
    /// - Parameter resumed: rows left out because the unfinished run this one resumes had them accepted.
    package static func fill(
        _ report: inout RunReport, export: BatchedExport, result: UploadResult?, resumed: Int
    ) -> String? {
        var outcomes: [Int: BatchOutcome] = [:]
        for outcome in result?.outcomes ?? [] { outcomes[outcome.index] = outcome }
        var accepted = 0
        var rejected = 0
        var failed = 0
        var notSent = 0
        var leaversDisabled = 0
        report.batches = export.batches.map { plan in
            // Leavers are not rows: they are counted apart so the row identity holds.
            let leavers = export.leavers == 0 ? 0 : export.records(of: plan).count { export.isLeaver($0) }
            let rows = plan.recordCount - leavers
            var batch = RunReport.Batch(index: plan.index, records: plan.recordCount, firstLine: plan.firstLine)
            guard let outcome = outcomes[plan.index] else {
                batch.status = BatchStatus.notSent.rawValue
                batch.attempts = 0
                batch.error = .init(code: "NotSent", message: "the run stopped before this batch was sent")
                failed += rows
                notSent += rows
                return batch
            }
            batch.status = outcome.status.rawValue
            batch.attempts = outcome.attempts
            batch.clientRequestId = outcome.clientRequestId
            batch.httpStatus = outcome.httpStatus
            batch.error = outcome.error.map { .init(code: $0.code, message: $0.message) }
            switch outcome.status {
            case .accepted:
                accepted += rows
                leaversDisabled += leavers
            case .rejected: rejected += rows
            case .failed: failed += rows
            case .notSent:
                failed += rows
                notSent += rows
            }
            return batch
        }
        accepted += resumed
        report.accepted = accepted
        report.rejected = rejected
        report.failed = failed
        report.notSent = notSent
        if export.leavers > 0 { report.leaversDisabled = leaversDisabled }
        if report.unchanged != nil { report.unchanged = export.unchanged - resumed }
        report.requests = result?.requests ?? 0
        report.retries = result?.retries ?? 0
        report.throttled = result?.throttled ?? 0
        if let result, result.finishedAt > result.startedAt {
            let sent = (result.outcomes.filter { $0.status == .accepted }.reduce(0) { $0 + $1.recordCount })
            report.recordsPerSecond = (Double(sent) / (result.finishedAt - result.startedAt) * 10).rounded() / 10
        }
        report.stopReason = result?.stopReason.map { describe($0, endpoint: nil) }
        let unchanged = export.unchanged - resumed
        guard report.rows == report.invalid + unchanged + accepted + rejected + failed else {
            return "the report's counts do not add up: \(report.rows) rows, but \(report.invalid) invalid, "
                + "\(unchanged) unchanged, \(accepted) accepted, \(rejected) rejected and \(failed) failed; this is "
                + "a bug in provision, please report it with the report file"
        }
        return nil
    }

    /// The upload's outcome, for its exit status: why it stopped, and whether every batch was accepted and every
    /// row valid.
    package static func outcome(result: UploadResult, export: BatchedExport) -> CommandOutcome {
        let allAccepted = result.outcomes.allSatisfy { $0.status == .accepted }
        return .upload(stop: result.stopReason, everythingAccepted: allAccepted && export.invalid == 0)
    }

    package static func describe(_ reason: StopReason, endpoint: BulkUploadEndpoint?) -> String {
        switch reason {
        case .forbidden(let error):
            return
                "403 Forbidden\(error.map { " (\($0.code))" } ?? ""): the app lacks the application permission "
                + "SynchronizationData-User.Upload; grant it with admin consent"
        case .unauthorized(let detail):
            return "authentication failed: \(detail)"
        case .notFound(let error):
            let place = endpoint.map { " (service principal \($0.servicePrincipalId), job \($0.jobId))" } ?? ""
            return
                "404 Not Found\(error.map { " (\($0.code))" } ?? ""): wrong service principal object id or job "
                + "id\(place); copy the bulkUpload URL from the provisioning app's overview page"
        case .redirected(let status, let location):
            return
                "the endpoint answered \(status) redirecting to \(location ?? "elsewhere"); a redirected POST loses "
                + "its body, so nothing was followed: check the endpoint URL"
        case .unavailable(let detail):
            return "the service stayed unavailable (\(detail)); the run stopped: run again with --resume later"
        case .sourceFailed(let detail):
            return "\(detail); nothing more was sent: make room in the temporary folder (TMPDIR) and run again with "
                + "--resume"
        case .maxRequestsReached(let count):
            return
                "stopped after \(plural(count, "request")) (--max-requests); run again with --resume to send the rest"
        case .bucketFull:
            return
                "the service's ingestion bucket is full (the job may be paused or quarantined): stopped cleanly; run "
                + "again with --resume in 10–40 minutes"
        case .cancelled:
            return "interrupted: the requests in flight were finished and journalled, nothing more was sent; run the "
                + "same command again with --resume to send the rest"
        case .waitTooLong(let status, let retryAfter, let seconds, let maxWait):
            let (wait, limit) = (durationText(seconds), durationText(maxWait))
            return "the service answered HTTP \(status) asking to wait \(wait) (Retry-After: \(retryAfter)), longer "
                + "than --max-wait \(limit): stopped cleanly; run again with --resume later"
        }
    }
}
