import Export
import Foundation
import Mapping

/// The thresholds of the brakes (`--max-disable`, `--max-rename`), each a count or a percentage of the known people.
package struct Brakes: Sendable, Equatable {
    package var maxDisable = DeltaPlan.Threshold.percent(5)
    package var maxRename = DeltaPlan.Threshold.percent(5)

    package init() {}
}

/// One person a run would disable or rename, and why.
package struct Transition: Codable, Sendable, Equatable {
    package let externalId: String
    package let displayName: String?
    /// The input line (a JSON record's position); nil for people missing from the export.
    package let line: Int?
    /// "missing from the export", "active true → false", "sent with active false", "userName a@x → b@y".
    package let reason: String
    /// A rename's userName before and after.
    package let from: String?
    package let to: String?
    /// How `line` is named: "record N" for JSON records (not encoded: the number is `line` either way).
    package var naming = RecordNaming.lines

    private enum CodingKeys: String, CodingKey { case externalId, displayName, line, reason, from, to }

    package init(
        externalId: String, displayName: String?, line: Int?, reason: String, from: String? = nil, to: String? = nil
    ) {
        self.externalId = externalId
        self.displayName = displayName
        self.line = line
        self.reason = reason
        self.from = from
        self.to = to
    }

    /// `Ann Lee (externalId E1, line 2)`, or `record 2` for JSON records.
    package var person: String {
        let place = ["externalId \(externalId)", line.map(naming.place)].compactMap { $0 }.joined(separator: ", ")
        return displayName.map { "\($0) (\(place))" } ?? place
    }
}

/// Every change of a run that turns an account off or changes a sign-in name, counted for the brakes. Like Entra's
/// accidental-deletion prevention, which counts every disable whatever causes it: people missing from the export
/// (with `--missing disable`), records whose `active` turns from true to false since the last accepted run, and
/// records sent with `active` false that the state does not know (without a state: every one). The value that
/// counts is the mapped one (after lookups and expressions), not the cell.
package struct BrakeReview: Sendable, Equatable {
    /// People kept by name in each list (the counts are exact): the first of them, in input order.
    package static let kept = 1000

    package var disables: [Transition] = []
    package var renames: [Transition] = []
    package var disableCount = 0
    package var renameCount = 0
    /// Of `disableCount`: missing from the export, `active` true → false, sent inactive without a known past.
    package var missingCount = 0
    package var turnedOffCount = 0
    package var sentInactiveCount = 0
    /// The base of percentages: the state's people not yet disabled and the export's people it does not know;
    /// without a state, the export's valid records.
    package var known = 0
    package var withState = false

    package init() {}

    package var isEmpty: Bool { disableCount == 0 && renameCount == 0 }

    /// The transitions of the records `delta` selects (everyone without a state).
    /// - Parameter allowMissingActive: a record without `active` is not a disable (the job's mappings ignore it).
    static func compute(
        reading: SpooledExport, state: StateFile?, delta: DeltaPlan?, allowMissingActive: Bool
    ) throws(SyncError) -> BrakeReview {
        var review = try transitions(
            reading: reading, state: state, delta: delta, allowMissingActive: allowMissingActive)
        // People are named as the input names its records (line 12, or record 12 of JSON records).
        for index in review.disables.indices { review.disables[index].naming = reading.naming }
        for index in review.renames.indices { review.renames[index].naming = reading.naming }
        return review
    }

    private static func transitions(
        reading: SpooledExport, state: StateFile?, delta: DeltaPlan?, allowMissingActive: Bool
    ) throws(SyncError) -> BrakeReview {
        var review = BrakeReview()
        let index = reading.index
        func payload(_ record: Int) throws(SyncError) -> PayloadFields {
            do {
                return PayloadFields(try reading.data(ofRecord: record))
            } catch {
                throw SyncError(reading: error)
            }
        }
        func turnsOff(_ fields: PayloadFields) -> Bool {
            fields.active == false || (fields.active == nil && !allowMissingActive)
        }
        guard let state, let delta else {
            review.known = reading.valid
            for record in 0..<index.count where index.isValid(record) && index.sendsInactive(record) {
                let fields = review.disables.count < kept ? try payload(record) : PayloadFields()
                review.addDisable(
                    record, index: index, fields: fields, kind: .sentInactive,
                    reason: Self.sentInactive(fields, withState: false))
            }
            return review
        }
        review.withState = true
        review.known = state.activeCount
        if delta.missing == .disable {
            for id in delta.leavers {
                review.missingCount += 1
                review.disableCount += 1
                guard review.disables.count < kept else { continue }
                review.disables.append(
                    Transition(
                        externalId: id, displayName: state.displayName(of: id), line: nil,
                        reason: "missing from the export"))
            }
        }
        let skip = delta.selection.skip
        for record in 0..<index.count where index.isValid(record) && !(skip.isEmpty ? false : skip[record]) {
            let id = index.externalIds[record]
            guard let entry = state.entries[id] else {
                review.known += 1
                if index.sendsInactive(record) {
                    let fields = review.disables.count < kept ? try payload(record) : PayloadFields()
                    review.addDisable(
                        record, index: index, fields: fields, kind: .sentInactive,
                        reason: Self.sentInactive(fields, withState: true))
                }
                continue
            }
            // Unchanged payloads (sent again with --full, say) change nothing.
            guard entry.digest != reading.digests[record] else { continue }
            let old = PayloadFields(entry.data)
            let turnedOff = index.sendsInactive(record) && !entry.disabled && !turnsOff(old)
            let new = try payload(record)
            if turnedOff {
                let reason = "active \(Self.text(old.active)) → \(Self.text(new.active))"
                review.addDisable(record, index: index, fields: new, kind: .turnedOff, reason: reason)
            }
            if let before = old.userName, let after = new.userName, before.lowercased() != after.lowercased() {
                review.renameCount += 1
                if review.renames.count < kept {
                    review.renames.append(
                        Transition(
                            externalId: id, displayName: new.displayName, line: Int(index.lines[record]),
                            reason: "userName \(before) → \(after)", from: before, to: after))
                }
            }
        }
        return review
    }

    private enum DisableKind { case turnedOff, sentInactive }

    private mutating func addDisable(
        _ record: Int, index: RecordIndex, fields: PayloadFields, kind: DisableKind, reason: String
    ) {
        disableCount += 1
        switch kind {
        case .turnedOff: turnedOffCount += 1
        case .sentInactive: sentInactiveCount += 1
        }
        guard disables.count < Self.kept else { return }
        disables.append(
            Transition(
                externalId: index.externalIds[record], displayName: fields.displayName,
                line: Int(index.lines[record]), reason: reason))
    }

    private static func sentInactive(_ fields: PayloadFields, withState: Bool) -> String {
        let sent =
            fields.active == nil ? "sent without active (the default mapping disables it)" : "sent with active false"
        return withState ? "\(sent), not in the state" : sent
    }

    private static func text(_ active: Bool?) -> String { active.map(String.init) ?? "(none)" }
}
