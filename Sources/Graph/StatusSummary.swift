import Foundation

/// What the provisioning logs say about the records an upload sent: the newest row per record (several rows can exist
/// per record, one per cycle or change), counts by outcome and by action, failures, and the records still without a
/// row (logs lag 5–10 minutes; docs/service.md, "Provisioning logs").
public struct StatusSummary: Sendable {
    public struct Record: Sendable, Equatable {
        public let externalId: String
        public let line: Int
        public let entry: ProvisioningLogEntry?
    }

    public let records: [Record]
    public let byStatus: [String: Int]
    public let byAction: [String: Int]
    /// The newest row of every record the logs show, uploaded by this run or not (a report's manager may have been
    /// sent by an earlier one).
    private let newest: [String: ProvisioningLogEntry]

    /// The newest log row of `externalId`, if the logs have one.
    public func newestEntry(of externalId: String) -> ProvisioningLogEntry? { newest[externalId] }

    public var pending: [Record] { records.filter { $0.entry == nil } }
    public var failures: [Record] { records.filter { $0.entry?.status == "failure" } }
    public var isComplete: Bool { records.allSatisfy { $0.entry != nil } }

    /// - Parameter uploaded: the accepted records (externalId, input line), as the journal recorded them.
    public init(uploaded: [(externalId: String, line: Int)], entries: [ProvisioningLogEntry]) {
        var newest: [String: ProvisioningLogEntry] = [:]
        for entry in entries {
            if let current = newest[entry.externalId], current.activityDateTime >= entry.activityDateTime { continue }
            newest[entry.externalId] = entry
        }
        var seen: Set<String> = []
        var records: [Record] = []
        for (externalId, line) in uploaded where seen.insert(externalId).inserted {
            records.append(Record(externalId: externalId, line: line, entry: newest[externalId]))
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
}
