import Configuration
import Foundation
import Graph
import Token
import Transport

/// Per-record outcomes of an upload, from the provisioning logs (docs/service.md, "Provisioning logs"): shared by
/// `provision status` and `provision upload --wait`. Given its transport, tokens and clock like `SyncRun`.
package struct StatusRun: Sendable {
    /// Which run, where its logs are, and how long to wait for them.
    package struct Job: Sendable {
        package var journalPath: String
        package var endpoint: BulkUploadEndpoint
        /// How long to keep polling for records without an outcome; 0 reads once.
        package var wait: Double
        package var pollInterval: Double
        /// `--failed FILE`: the input rows of the failed records.
        package var failedPath: String?
        /// `--state FILE`: where the records sent are looked up first (for an unresolved reference's manager).
        package var statePath: String?
        /// The longest Retry-After the logs may ask for (`--max-wait`).
        package var maxWait: Double = 600
        package var userAgent = "provision"

        package init(journalPath: String, endpoint: BulkUploadEndpoint, wait: Double, pollInterval: Double) {
            self.journalPath = journalPath
            self.endpoint = endpoint
            self.wait = wait
            self.pollInterval = pollInterval
        }
    }

    /// What the logs said, for the CLI to print.
    package struct Outcome: Sendable {
        package let header: Journal.Header
        /// The records with their lines in the export at `header.input` now (see `linesOfUploadedFile`).
        package let summary: StatusSummary
        package let status: ExitStatus
        /// The records whose manager did not resolve, each with its manager and whether the manager failed.
        package let unresolved: [UnresolvedReference]
        /// Set when the export at `header.input` is no longer the file that was uploaded: the externalIds whose line
        /// is still the uploaded file's (not found in the file now, or all of them when they could not be looked for).
        package let linesOfUploadedFile: Set<String>?

        package init(
            header: Journal.Header, summary: StatusSummary, status: ExitStatus, unresolved: [UnresolvedReference] = [],
            linesOfUploadedFile: Set<String>? = nil
        ) {
            self.header = header
            self.summary = summary
            self.status = status
            self.unresolved = unresolved
            self.linesOfUploadedFile = linesOfUploadedFile
        }

        /// `users.csv:12`, or `users.csv (line 4 of the uploaded file)` for a record whose line in the file there now
        /// is unknown.
        package func location(of record: StatusSummary.Record) -> String {
            if linesOfUploadedFile?.contains(record.externalId) == true {
                return "\(header.input) (\(header.place(record.line)) of the uploaded file)"
            }
            return header.readsRecords ? "\(header.input): record \(record.line)" : "\(header.input):\(record.line)"
        }

        /// `12`, or `4 (uploaded file)`.
        package func lineText(of record: StatusSummary.Record) -> String {
            linesOfUploadedFile?.contains(record.externalId) == true
                ? "\(record.line) (uploaded file)" : "\(record.line)"
        }
    }

    let job: Job
    let logs: LogsConnection
    let events: @Sendable (SyncEvent) -> Void
    var tokens: any AccessTokenProvider { logs.tokens }
    var time: any TimeSource { logs.time }

    package init(job: Job, logs: LogsConnection, events: @escaping @Sendable (SyncEvent) -> Void) {
        self.job = job
        self.logs = logs
        self.events = events
    }

    package func run() async throws(SyncError) -> Outcome {
        let recorded: Journal.Contents
        switch try Journal.read(path: job.journalPath) {
        case .absent, .empty:
            throw .noInput(
                "no upload journal at \(job.journalPath): name the run with --journal FILE or --report FILE (its "
                    + "journal is FILE.journal)")
        case .contents(let contents):
            recorded = contents
        }
        // Fail fast, and classify as upload does: an unreachable token host is 69, a refused credential 77.
        do {
            _ = try await tokens.token()
        } catch {
            let message = "cannot get a token: \(error.localizedDescription)"
            switch ExitStatus(.tokenUnobtainable(error)) {
            case .stoppedEarly: throw .stopped(message)
            case .unavailable: throw .unavailable(message)
            default: throw .authentication(message)
            }
        }
        var resent: [String: [Date]] = [:]
        for entry in recorded.resent {
            for id in entry.externalIds { resent[id, default: []].append(entry.at) }
        }
        let uploads = recorded.accepted.flatMap { entry in
            zip(entry.externalIds, entry.lines).map {
                StatusSummary.Upload(externalId: $0, line: $1, span: entry.span ?? 0, resentAt: resent[$0] ?? [])
            }
        }
        let client = logs.client(maxWait: job.maxWait, userAgent: job.userAgent)
        // Allow for clock skew between this host and the service.
        let query = ProvisioningLogClient.Query(
            graphBase: job.endpoint.graphBase, version: job.endpoint.version, jobId: recorded.header.jobId,
            since: recorded.header.startedAt.addingTimeInterval(-300))
        let deadline = time.now() + max(0, job.wait)
        // The rows of the uploaded records are kept across polls (the logs only grow), bounded by `LogRows`.
        let records = Set(uploads.map(\.externalId))
        var rows = LogRows(wanted: records)
        var readToTheEnd = true
        var summary: StatusSummary
        while true {
            do {
                let read = try await client.read(
                    query, records: records, until: job.wait > 0 ? deadline : nil, adding: rows)
                rows = read.rows
                readToTheEnd = read.complete
            } catch {
                throw SyncError(logs: error)
            }
            summary = StatusSummary(uploads: uploads, entries: rows.entries, since: recorded.header.startedAt)
            let left = deadline - time.now()
            if summary.isComplete || left <= 0 { break }
            // The last poll lands on the deadline, not after it: `--wait 2m` ends after two minutes.
            let pause = min(job.pollInterval, left)
            let done = summary.records.count - summary.pending.count
            events(
                .notice(
                    "\(done) of \(summary.records.count) records \(done == 1 ? "has" : "have") an outcome in the "
                        + "provisioning logs; the other \(summary.pending.count) \(summary.pending.count == 1 ? "has" : "have") "
                        + "no log row yet (logs lag 5–10 minutes); polling again in "
                        + "\(Int(pause.rounded(.up))) s"))
            do { try await time.sleep(seconds: pause) } catch { break }
        }
        if !readToTheEnd {
            events(
                .notice(
                    "--wait ran out while the provisioning logs were being read; rows on the pages not read yet are "
                        + "not counted"))
        }
        let status = ExitStatus(.logs(failures: summary.failures.count, complete: summary.isComplete))
        let lines = InputLines.locate(recorded.header, ids: Set(summary.records.map(\.externalId)))
        if let path = job.failedPath, !summary.failures.isEmpty {
            let writer = FailedRowsWriter(header: recorded.header, events: events)
            try writer.write(failed: summary.failures.map { ($0.externalId, $0.line) }, lines: lines, to: path)
        }
        let unresolved = UnresolvedReference.diagnose(summary, header: recorded.header, statePath: job.statePath)
        return relocated(
            Outcome(header: recorded.header, summary: summary, status: status, unresolved: unresolved), lines)
    }

    /// The outcome with the lines of the export there now: the journal's while it is the uploaded file, else each
    /// record's line found again by externalId; said once, since every printed line depends on it.
    private func relocated(_ outcome: Outcome, _ lines: InputLines) -> Outcome {
        let input = outcome.header.input
        let records = outcome.summary.records
        var current: [String: Int] = [:]
        switch lines {
        case .unchanged:
            return outcome
        case .relocated(let found):
            current = found
            events(
                .warning(
                    "\(input) changed since the upload (its SHA-256 differs from the journal's): its records are "
                        + "matched by externalId, and the lines shown are those of the file there now"))
        case .lost(let reason):
            events(.warning("\(reason): the lines shown are those of the file that was uploaded"))
        }
        let summary = outcome.summary.relocated(current)
        return Outcome(
            header: outcome.header, summary: summary, status: outcome.status, unresolved: outcome.unresolved,
            linesOfUploadedFile: Set(records.map(\.externalId).filter { current[$0] == nil }))
    }
}

extension StatusRun.Job {
    /// The status job of an upload's journal, with the endpoint, `--max-wait` and User-Agent of these settings.
    package init(
        journalPath: String, settings: UploadSettings, failedPath: String?, wait: Double, pollInterval: Double
    ) {
        self.init(journalPath: journalPath, endpoint: settings.endpoint, wait: wait, pollInterval: pollInterval)
        self.failedPath = failedPath
        maxWait = settings.upload.maxWait
        userAgent = settings.upload.userAgent
    }
}

extension StatusRun.Outcome {
    /// The status after a heal: records it healed no longer count as failed.
    package func status(after heal: ReferenceHealer.Outcome) -> ExitStatus {
        let healed = Set(heal.healed)
        let remaining = summary.failures.filter { !healed.contains($0.externalId) }
        return ExitStatus(.logs(failures: remaining.count, complete: summary.isComplete)).combined(with: heal.status)
    }
}

extension SyncError {
    /// A failed read of the provisioning logs, as `status`, `upload --wait` and `--heal` report it.
    init(logs error: ProvisioningLogError) {
        switch error {
        case .forbidden, .unauthorized: self = .authentication(error.localizedDescription)
        case .unavailable: self = .unavailable(error.localizedDescription)
        case .unexpected: self = .internalError(error.localizedDescription)
        }
    }
}
