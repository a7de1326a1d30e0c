import Foundation

/// The provisioning-log rows that reads keep, bounded whatever a server sends (an endless chain of pages included):
/// the rows of each record asked for, told apart by row id, at most `perRecord` of them (the earliest and the newest
/// ones: telling one upload's rows from a later upload's needs the first row after it started and the latest), and
/// the newest row of at most `otherRecords` other records (a report's manager may have been sent by an earlier run).
package struct LogRows: Sendable {
    package static let perRecord = 32
    package static let otherRecords = 100_000

    /// The records whose rows are all kept; nil keeps every record's rows (up to `otherRecords` records).
    package let wanted: Set<String>?
    /// Each wanted record's rows, newest first, as the logs list them (rows of one second keep the logs' order).
    private var own: [String: [ProvisioningLogEntry]] = [:]
    private var others: [String: ProvisioningLogEntry] = [:]

    package init(wanted: Set<String>? = nil) { self.wanted = wanted }

    package mutating func add(_ entry: ProvisioningLogEntry) {
        let id = entry.externalId
        guard wanted?.contains(id) ?? (own[id] != nil || own.count < Self.otherRecords) else {
            if let current = others[id], current.activityDateTime >= entry.activityDateTime { return }
            if others[id] == nil && others.count >= Self.otherRecords { return }
            others[id] = entry
            return
        }
        var rows = own[id, default: []]
        // A row read again (the next poll) is the same row.
        guard !rows.contains(where: { $0.id == entry.id }) else { return }
        let index = rows.firstIndex { $0.activityDateTime < entry.activityDateTime } ?? rows.count
        rows.insert(entry, at: index)
        // Keep the newest rows and the earliest.
        if rows.count > Self.perRecord { rows.remove(at: rows.count - 2) }
        own[id] = rows
    }

    /// Every row kept; a record's rows newest first.
    package var entries: [ProvisioningLogEntry] { own.values.flatMap { $0 } + others.values }

    /// The newest row of each record.
    package var newest: [String: ProvisioningLogEntry] {
        var newest = others
        for (id, rows) in own { newest[id] = rows.first }
        return newest
    }
}
