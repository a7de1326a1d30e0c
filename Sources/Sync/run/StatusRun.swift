import Foundation
import Graph
import Token
import Transport

/// Per-record outcomes of an upload, from the provisioning logs (docs/service.md, "Provisioning logs"): shared by
/// `provision status` and `provision upload --wait`. Given its transport, tokens and clock like `SyncRun`.
public struct StatusRun: Sendable {
    /// Which run, where its logs are, and how long to wait for them.
    public struct Job: Sendable {
        public var journalPath: String
        public var endpoint: BulkUploadEndpoint
        /// How long to keep polling for records without an outcome; 0 reads once.
        public var wait: Double
        public var pollInterval: Double
        /// `--failed FILE`: the input rows of the failed records.
        public var failedPath: String?
        /// The longest Retry-After the logs may ask for (`--max-wait`).
        public var maxWait: Double = 600
        public var userAgent = "provision"

        public init(journalPath: String, endpoint: BulkUploadEndpoint, wait: Double, pollInterval: Double) {
            self.journalPath = journalPath
            self.endpoint = endpoint
            self.wait = wait
            self.pollInterval = pollInterval
        }
    }

    /// What the logs said, for the CLI to print.
    public struct Outcome: Sendable {
        public let header: Journal.Header
        public let summary: StatusSummary
        public let status: ExitStatus

        public init(header: Journal.Header, summary: StatusSummary, status: ExitStatus) {
            self.header = header
            self.summary = summary
            self.status = status
        }
    }

    let job: Job
    let transport: any HTTPTransport
    let tokens: any AccessTokenProvider
    let time: any TimeSource
    let events: @Sendable (SyncEvent) -> Void

    public init(
        job: Job, transport: any HTTPTransport, tokens: any AccessTokenProvider, time: any TimeSource,
        events: @escaping @Sendable (SyncEvent) -> Void
    ) {
        self.job = job
        self.transport = transport
        self.tokens = tokens
        self.time = time
        self.events = events
    }

    public func run() async throws(SyncError) -> Outcome {
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
            let unreachable = (error as? TokenError)?.isAuthenticationFailure == false
            throw unreachable ? .unavailable(message) : .authentication(message)
        }
        let uploaded = recorded.accepted.flatMap { entry in
            zip(entry.externalIds, entry.lines).map { (externalId: $0, line: $1) }
        }
        let client = ProvisioningLogClient(
            transport: transport, tokens: tokens, time: time, maxWait: job.maxWait,
            requests: GraphRequest(userAgent: job.userAgent))
        // Allow for clock skew between this host and the service.
        let query = ProvisioningLogClient.Query(
            graphBase: job.endpoint.graphBase, version: job.endpoint.version, jobId: recorded.header.jobId,
            since: recorded.header.startedAt.addingTimeInterval(-300))
        let deadline = time.now() + max(0, job.wait)
        // Only the newest row of each uploaded record is kept, across polls too: the logs only grow.
        let records = Set(uploaded.map(\.externalId))
        var newest: [String: ProvisioningLogEntry] = [:]
        var readToTheEnd = true
        var summary: StatusSummary
        while true {
            do {
                let read = try await client.read(
                    query, records: records, until: job.wait > 0 ? deadline : nil, adding: newest)
                newest = read.newest
                readToTheEnd = read.complete
            } catch {
                throw SyncError(logs: error)
            }
            summary = StatusSummary(uploaded: uploaded, entries: Array(newest.values))
            let left = deadline - time.now()
            if summary.isComplete || left <= 0 { break }
            // The last poll lands on the deadline, not after it: `--wait 2m` ends after two minutes.
            let pause = min(job.pollInterval, left)
            let done = summary.records.count - summary.pending.count
            events(
                .notice(
                    "\(done) of \(summary.records.count) records have an outcome in the provisioning logs; the other "
                        + "\(summary.pending.count) have no log row yet (logs lag 5–10 minutes); polling again in "
                        + "\(Int(pause.rounded(.up))) s"))
            do { try await time.sleep(seconds: pause) } catch { break }
        }
        if !readToTheEnd {
            events(
                .notice(
                    "--wait ran out while the provisioning logs were being read; rows on the pages not read yet are "
                        + "not counted"))
        }
        let status: ExitStatus =
            !summary.failures.isEmpty ? .someRowsFailed : (summary.isComplete ? .success : .stoppedEarly)
        if let path = job.failedPath, !summary.failures.isEmpty {
            let writer = FailedRowsWriter(header: recorded.header, events: events)
            try writer.write(failed: summary.failures.map { ($0.externalId, $0.line) }, to: path)
        }
        return Outcome(header: recorded.header, summary: summary, status: status)
    }
}

extension StatusRun.Job {
    /// The status job of an upload's journal, with the endpoint, `--max-wait` and User-Agent of these settings.
    public init(
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
    public func status(after heal: ReferenceHealer.Outcome) -> ExitStatus {
        let healed = Set(heal.healed)
        let remaining = summary.failures.filter { !healed.contains($0.externalId) }
        let base: ExitStatus = !remaining.isEmpty ? .someRowsFailed : (summary.isComplete ? .success : .stoppedEarly)
        return max(base, heal.status)
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
