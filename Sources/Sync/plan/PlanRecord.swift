import Foundation
import Hashing
import Mapping

/// One person in a plan: what would be sent for them and why.
package struct PlanRecord: Codable, Sendable, Equatable {
    /// `new`, `changed`, `unchanged`, `invalid`, `disable` (a leaver sent with active: false) or `leaver` (reported).
    package let action: String
    package let externalId: String
    /// The input line; nil for leavers (they are not in the input).
    package let line: Int?
    /// For `changed`: each changed attribute, old → new, from the state.
    package let changes: [PayloadDiff.Change]?
    /// For leavers: the name they had, from their last accepted record.
    package let displayName: String?
    /// The values `SelectUniqueValue` gave the person, by SCIM attribute (what is sent; `upload --plan` sends them).
    package var unique: [String: String]?
    /// With `--directory`: the predicted outcome in the tenant and what was found.
    package var directory: PlannedOutcome?

    package init(
        action: String, externalId: String, line: Int?, changes: [PayloadDiff.Change]?, displayName: String? = nil,
        unique: [String: String]? = nil
    ) {
        self.action = action
        self.externalId = externalId
        self.line = line
        self.changes = changes
        self.displayName = displayName
        self.unique = unique
    }

    /// The plan's records in a stable order (input order, then leavers by externalId), with a digest over the
    /// actions: applying a plan recomputes it and sends only when it is the same.
    package static func all(of planned: ExportPlan, diffs: Bool = true) throws -> [PlanRecord] {
        let export = planned.export
        let index = export.index
        var unchangedSet = [Bool](repeating: false, count: index.count)
        if let delta = planned.delta {
            for (record, skip) in delta.selection.skip.enumerated() where skip { unchangedSet[record] = true }
        }
        var records: [PlanRecord] = []
        var leaverRecords: [Int] = []
        for record in 0..<index.count {
            if export.isLeaver(record) {
                leaverRecords.append(record)
                continue
            }
            let id = index.externalIds[record]
            let line = Int(index.lines[record])
            guard index.isValid(record) else {
                records.append(PlanRecord(action: "invalid", externalId: id, line: line, changes: nil))
                continue
            }
            let unique = planned.unique?.values[id]?.values
            guard let state = planned.state, let known = state.entries[id] else {
                records.append(PlanRecord(action: "new", externalId: id, line: line, changes: nil, unique: unique))
                continue
            }
            if unchangedSet[record] {
                records.append(
                    PlanRecord(action: "unchanged", externalId: id, line: line, changes: nil, unique: unique))
            } else {
                let changes = diffs ? PayloadDiff.changes(old: known.data, new: try export.data(ofRecord: record)) : nil
                records.append(
                    PlanRecord(action: "changed", externalId: id, line: line, changes: changes, unique: unique))
            }
        }
        for record in leaverRecords {
            records.append(
                PlanRecord(
                    action: "disable", externalId: index.externalIds[record], line: nil, changes: nil,
                    displayName: PayloadFields(try export.data(ofRecord: record)).displayName))
        }
        if let delta = planned.delta, delta.missing == .report {
            for id in delta.leavers {
                let name = planned.state?.displayName(of: id)
                records.append(PlanRecord(action: "leaver", externalId: id, line: nil, changes: nil, displayName: name))
            }
        }
        return records
    }

    /// SHA-256 over every record's action, externalId, line and unique values: equal digests mean the same people,
    /// sent the same way. (A record without unique values hashes as before they existed, so older plans still apply.)
    package static func digest(_ records: [PlanRecord]) -> String {
        var hasher = SHA256()
        for record in records {
            var line = "\(record.action)\t\(record.externalId)\t\(record.line.map(String.init) ?? "-")"
            for (attribute, value) in (record.unique ?? [:]).sorted(by: { $0.key < $1.key }) {
                line += "\t\(attribute)=\(value)"
            }
            hasher.update(line + "\n")
        }
        return hasher.hexDigest()
    }
}
