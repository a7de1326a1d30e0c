import Basics
import Configuration
import Foundation
import Graph
import SCIM
import Transport
import Uploader

/// Reference self-healing: a report whose manager reference could not be resolved (the manager had not been
/// processed by the job first) is fixed by sending the manager's record, waiting until the provisioning logs show it
/// processed, then sending the report's record again (docs/service.md, "How the service treats records"). A manager
/// whose own failure would recur (a conflict) is not sent: the report is left, saying why.
///
/// Payloads come from the state (what was accepted) or the upload's input; nothing is sent for someone whose row did
/// not carry the error, and nothing is written to the state (the records were accepted before). The upload's journal
/// gets a line naming what was sent again, so that `status` counts the heal's log rows as the upload's outcome.
package struct ReferenceHealer: Sendable {
    /// The error code of a reference the service could not resolve.
    package static let errorCode = "UnableToResolveReferenceAttributeValue"

    /// What the heal needs besides the status outcome.
    package struct Job: Sendable {
        package var statePath: String?
        /// The upload's journal, which records what the heal sent again.
        package var journalPath: String?
        package var endpoint: BulkUploadEndpoint
        package var upload: UploadConfiguration
        /// How long to wait for the managers, then the reports, to show up processed in the logs.
        package var wait: Double
        package var pollInterval: Double
        package var maxWait: Double = 600

        package init(
            statePath: String?, endpoint: BulkUploadEndpoint, upload: UploadConfiguration, wait: Double,
            pollInterval: Double
        ) {
            self.statePath = statePath
            self.endpoint = endpoint
            self.upload = upload
            self.wait = wait
            self.pollInterval = pollInterval
        }
    }

    /// What became of each unresolved reference.
    package struct Outcome: Sendable {
        /// The report's record was sent again after its manager's and the logs show it succeeded.
        package var healed: [String] = []
        /// Still failing, with why (the manager failed, or the report's new row is not a success).
        package var stillFailing: [(externalId: String, reason: String)] = []
        /// The manager is neither in the input nor in the state: this job cannot send it.
        package var managerUnknown: [(externalId: String, manager: String?)] = []
        /// The manager failed in a way its record sent again would meet again (a conflict): left, with why.
        package var notHealable: [(externalId: String, manager: String, reason: String)] = []
        /// The wait ran out before the logs said.
        package var pending: [String] = []
        package var status: ExitStatus {
            ExitStatus(
                .heal(pending: pending.count, unhealed: stillFailing.count + managerUnknown.count + notHealable.count))
        }
        package var attempted: Bool {
            !(healed.isEmpty && stillFailing.isEmpty && managerUnknown.isEmpty && notHealable.isEmpty
                && pending.isEmpty)
        }
    }

    let job: Job
    /// The logs, read at the pace the command's other log readers share; the heal's uploads go over its network.
    let logs: LogsConnection
    let events: @Sendable (SyncEvent) -> Void
    var time: any TimeSource { logs.time }

    package init(job: Job, logs: LogsConnection, events: @escaping @Sendable (SyncEvent) -> Void) {
        self.job = job
        self.logs = logs
        self.events = events
    }

    /// The uploaded records whose newest row says their manager reference did not resolve (a warning by default, a
    /// failure on some jobs).
    package static func candidates(_ summary: StatusSummary) -> [StatusSummary.Record] {
        summary.records.filter { $0.entry?.errorCode == errorCode }.sorted { $0.line < $1.line }
    }

    package func run(_ status: StatusRun.Outcome) async throws(SyncError) -> Outcome {
        var outcome = Outcome()
        let candidates = Self.candidates(status.summary)
        guard !candidates.isEmpty else { return outcome }
        let payloads = HealPayloads(header: status.header, statePath: job.statePath)
        // Report → manager, both with payloads; the rest are reported at once.
        var reports: [(id: String, manager: String, payload: [UInt8])] = []
        for record in candidates {
            guard let payload = payloads.payload(of: record.externalId) else {
                outcome.stillFailing.append(
                    (
                        record.externalId,
                        "its record is neither in the state nor in the input (\(payloads.exportProblem ?? "not found"))"
                    ))
                continue
            }
            guard let manager = HealPayloads.manager(in: payload), payloads.payload(of: manager) != nil else {
                outcome.managerUnknown.append((record.externalId, HealPayloads.manager(in: payload)))
                continue
            }
            // Heal only what healing can fix: a manager that failed for good would fail again.
            if let entry = status.summary.newestEntry(of: manager), entry.isPermanentFailure {
                outcome.notHealable.append((record.externalId, manager, Self.notHealableReason(manager, entry)))
                continue
            }
            reports.append((record.externalId, manager, payload))
        }
        guard !reports.isEmpty else { return outcome }
        let managers = Array(Set(reports.map(\.manager))).sorted()
        events(
            .notice(
                "healing \(plural(reports.count, "unresolved manager reference")): sending "
                    + "\(plural(managers.count, "manager"))"
                    + " first, then, once the logs show them processed, the reports again"))
        let client = logs.client(maxWait: job.maxWait, userAgent: job.upload.userAgent)
        let query = ProvisioningLogClient.Query(
            graphBase: job.endpoint.graphBase, version: job.endpoint.version, jobId: status.header.jobId,
            since: status.header.startedAt.addingTimeInterval(-300))
        let deadline = time.now() + max(0, job.wait)
        let logs = LogReader(
            client: client, query: query, records: Set(managers + reports.map(\.id)),
            deadline: job.wait > 0 ? deadline : nil)
        // Rows newer than these are the answers to the heal's requests.
        var baseline = try await newestRows(logs)
        try await send(managers.compactMap { id in payloads.payload(of: id).map { (id, $0) } })
        let managerRows = try await waitForNewRows(of: managers, after: baseline, logs, until: deadline)
        var resend: [(String, [UInt8])] = []
        for report in reports {
            guard let row = managerRows[report.manager] else {
                outcome.pending.append(report.id)
                continue
            }
            guard row.status != "failure" else {
                outcome.stillFailing.append(
                    (
                        report.id,
                        "its manager \(report.manager) failed: \(row.errorCode ?? "failure") \(row.reason ?? "")"
                    ))
                continue
            }
            resend.append((report.id, report.payload))
        }
        guard !resend.isEmpty else { return outcome }
        baseline = try await newestRows(logs)
        try await send(resend)
        let reportRows = try await waitForNewRows(of: resend.map(\.0), after: baseline, logs, until: deadline)
        for (id, _) in resend {
            guard let row = reportRows[id] else {
                outcome.pending.append(id)
                continue
            }
            if row.status == "success" && row.errorCode == nil {
                outcome.healed.append(id)
            } else {
                outcome.stillFailing.append((id, "\(row.status): \(row.errorCode ?? "") \(row.reason ?? "")"))
            }
        }
        return outcome
    }

    /// Why a report whose manager failed for good is left.
    static func notHealableReason(_ manager: String, _ entry: ProvisioningLogEntry) -> String {
        let failure = [entry.errorCode ?? "failure", entry.reason].compactMap { $0 }.joined(separator: ": ")
        return "its manager \"\(manager)\" failed (\(failure)), and sending the manager again meets the same "
            + "failure: fix the manager's record (or the object it conflicts with), upload it, then run 'provision "
            + "status --heal' again"
    }

    /// Where the heal reads the logs: only the rows of its records are kept, and with `--wait` no page is requested
    /// after its deadline.
    private struct LogReader {
        let client: ProvisioningLogClient
        let query: ProvisioningLogClient.Query
        let records: Set<String>
        let deadline: Double?
    }

    /// The newest log row per externalId now.
    private func newestRows(_ logs: LogReader) async throws(SyncError) -> [String: ProvisioningLogEntry] {
        do {
            return try await logs.client.read(logs.query, records: logs.records, until: logs.deadline).newest
        } catch {
            throw SyncError(logs: error)
        }
    }

    /// Polls until every id has a row newer than its baseline, or the deadline passes; returns those rows.
    private func waitForNewRows(
        of ids: [String], after baseline: [String: ProvisioningLogEntry], _ logs: LogReader, until deadline: Double
    ) async throws(SyncError) -> [String: ProvisioningLogEntry] {
        var found: [String: ProvisioningLogEntry] = [:]
        while true {
            for (id, row) in try await newestRows(logs) where ids.contains(id) {
                if let before = baseline[id], row.activityDateTime <= before.activityDateTime, row.id == before.id {
                    continue
                }
                found[id] = row
            }
            let left = deadline - time.now()
            if found.count == ids.count || left <= 0 { return found }
            events(
                .notice(
                    "\(found.count) of \(ids.count) heal records \(found.count == 1 ? "has its" : "have their") new log row; polling again in "
                        + "\(Int(min(job.pollInterval, left).rounded(.up))) s"))
            do { try await time.sleep(seconds: min(job.pollInterval, left)) } catch { return found }
        }
    }

    /// Sends the records (managers, or reports) through the uploader: paced, retried, redacted like any upload; then
    /// the journal names them.
    private func send(_ records: [(String, [UInt8])]) async throws(SyncError) {
        let sentAt = Date()
        var batches: [UploadBatch] = []
        var index = 0
        for chunk in stride(from: 0, to: records.count, by: BulkRequest.maxOperations) {
            index += 1
            let slice = records[chunk..<min(chunk + BulkRequest.maxOperations, records.count)]
            let body = BulkRequest.encode(slice.map { BulkRequest.Operation(bulkId: $0.0, data: $0.1) })
            batches.append(UploadBatch(index: index, body: Data(body), recordCount: slice.count))
        }
        let events = self.events
        let uploader = BulkUploader(
            configuration: job.upload, transport: logs.transport, tokens: logs.tokens, time: time,
            events: { events(.upload($0)) })
        let result = await uploader.run(ListBatchSource(batches))
        if let reason = result.stopReason {
            throw .unavailable(
                "the heal's requests stopped: \(UploadAccounting.describe(reason, endpoint: job.endpoint))")
        }
        let refused = result.outcomes.filter { $0.status != .accepted }
        if let first = refused.first {
            throw .unavailable(
                "the service did not accept the heal's request (\(first.error?.code ?? "") "
                    + "\(first.error?.message ?? ""))"
            )
        }
        guard let path = job.journalPath else { return }
        do throws(FileError) {
            try Journal(path: path).append(Journal.Resent(at: sentAt, externalIds: records.map(\.0)))
        } catch {
            events(
                .warning(
                    "\(error.localizedDescription); a later 'provision status' of this upload shows these records' "
                        + "outcome before the heal"))
        }
    }
}

/// Batches already in memory (a heal sends a handful of records).
actor ListBatchSource: UploadBatchSource {
    private var batches: [UploadBatch]

    init(_ batches: [UploadBatch]) { self.batches = batches.reversed() }

    func next() async throws -> UploadBatch? { batches.popLast() }
}

extension ReferenceHealer.Job {
    /// A heal with these settings. `wait` 0 (`--heal` without `--wait`) waits 10 minutes: a heal always polls.
    package init(
        statePath: String?, settings: UploadSettings, wait: Double, pollInterval: Double, journalPath: String? = nil
    ) {
        self.init(
            statePath: statePath, endpoint: settings.endpoint, upload: settings.upload, wait: wait > 0 ? wait : 600,
            pollInterval: pollInterval)
        maxWait = settings.upload.maxWait
        self.journalPath = journalPath
    }
}
