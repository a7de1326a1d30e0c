import Foundation

/// What the provisioning logs say about the records an upload sent: the newest row per record (several rows can exist
/// per record, one per cycle or change), counts by outcome and by action, failures, and the records still without a
/// row (logs lag 5–10 minutes; docs/service.md, "Provisioning logs").
package struct StatusSummary: Sendable {
    package struct Record: Sendable, Equatable {
        package let externalId: String
        package let line: Int
        package let entry: ProvisioningLogEntry?
    }

    package private(set) var records: [Record]
    package let byStatus: [String: Int]
    package let byAction: [String: Int]
    /// The newest row of every record the logs show, uploaded by this run or not (a report's manager may have been
    /// sent by an earlier one).
    private let newest: [String: ProvisioningLogEntry]

    /// The newest log row of `externalId`, if the logs have one.
    package func newestEntry(of externalId: String) -> ProvisioningLogEntry? { newest[externalId] }

    /// One record an upload sent, and when (for telling its log rows from those of later uploads).
    package struct Upload: Sendable, Equatable {
        package var externalId: String
        package var line: Int
        /// Seconds between the first and the last time the service took the record's batch (0: once).
        package var span: Double
        /// When a heal sent the record again.
        package var resentAt: [Date]

        package init(externalId: String, line: Int, span: Double = 0, resentAt: [Date] = []) {
            self.externalId = externalId
            self.line = line
            self.span = span
            self.resentAt = resentAt
        }
    }

    /// How far apart the rows of one send of a record may be logged (several changes, a varying lag).
    package static let slack: Double = 60

    package var pending: [Record] { records.filter { $0.entry == nil } }
    package var failures: [Record] { records.filter { $0.entry?.status == "failure" } }
    package var isComplete: Bool { records.allSatisfy { $0.entry != nil } }

    /// Every row of each record counts, the newest wins (no time is known of the upload).
    package init(uploaded: [(externalId: String, line: Int)], entries: [ProvisioningLogEntry]) {
        self.init(
            uploads: uploaded.map { Upload(externalId: $0.externalId, line: $0.line) }, entries: entries,
            since: .distantPast, slack: .infinity)
    }

    /// The same outcomes with each record's line replaced where `lines` has one (the export was replaced since).
    package func relocated(_ lines: [String: Int]) -> StatusSummary {
        var copy = self
        copy.records = records.map {
            Record(externalId: $0.externalId, line: lines[$0.externalId] ?? $0.line, entry: $0.entry)
        }
        return copy
    }

    /// The outcome of one upload, not of the uploads before or after it that sent the same people: a record's rows
    /// start at the first one logged at or after `since` (the upload's start); those within `slack` seconds of it
    /// (plus the record's `span`) are this upload's, and so are those within `slack` of the first row after each heal
    /// resend. The newest of them is the outcome (docs/service.md, "Provisioning logs").
    package init(uploads: [Upload], entries: [ProvisioningLogEntry], since: Date, slack: Double = Self.slack) {
        // Log times may have whole seconds only: a row of the upload's first second counts.
        let since = Date(timeIntervalSince1970: (since.timeIntervalSince1970).rounded(.down))
        var rows: [String: [(index: Int, entry: ProvisioningLogEntry)]] = [:]
        var newest: [String: ProvisioningLogEntry] = [:]
        for (index, entry) in entries.enumerated() {
            if newest[entry.externalId].map({ $0.activityDateTime < entry.activityDateTime }) ?? true {
                newest[entry.externalId] = entry
            }
            guard entry.activityDateTime >= since else { continue }
            rows[entry.externalId, default: []].append((index, entry))
        }
        var seen: Set<String> = []
        var records: [Record] = []
        for upload in uploads where seen.insert(upload.externalId).inserted {
            // Oldest first; rows of the same time in the reverse of the logs' order, which lists the newest first.
            let own = rows[upload.externalId, default: []].sorted {
                $0.entry.activityDateTime != $1.entry.activityDateTime
                    ? $0.entry.activityDateTime < $1.entry.activityDateTime : $0.index > $1.index
            }.map(\.entry)
            records.append(
                Record(externalId: upload.externalId, line: upload.line, entry: Self.outcome(of: upload, own, slack)))
        }
        self.records = records
        var byStatus: [String: Int] = [:]
        var byAction: [String: Int] = [:]
        for record in records {
            guard let entry = record.entry else { continue }
            byStatus[entry.status, default: 0] += 1
            byAction[entry.action, default: 0] += 1
        }
        self.byStatus = byStatus
        self.byAction = byAction
        self.newest = newest
    }

    /// The newest of the record's rows (sorted by time) that belong to the upload or a heal's resend of it.
    private static func outcome(of upload: Upload, _ rows: [ProvisioningLogEntry], _ slack: Double)
        -> ProvisioningLogEntry?
    {
        guard let first = rows.first?.activityDateTime else { return nil }
        var windows = [(first, first.addingTimeInterval(upload.span + slack))]
        for resent in upload.resentAt {
            if let start = rows.first(where: { $0.activityDateTime >= resent })?.activityDateTime {
                windows.append((start, start.addingTimeInterval(slack)))
            }
        }
        return rows.last { row in windows.contains { row.activityDateTime >= $0.0 && row.activityDateTime <= $0.1 } }
    }
}
