import Export
import Foundation
import Mapping

/// Delta sync and leavers, as a value: which records are unchanged since the last accepted run, who is new or
/// changed, and who the state knows but today's export lacks (leavers). The brakes (`BrakeReview`) then count what
/// the selection would disable or rename.
///
/// Computed between the two passes over the export; it throws to stop the run before anything is sent.
package struct DeltaPlan: Sendable {
    /// What to do with people the state knows but today's export lacks.
    package enum MissingPolicy: String, Sendable { case report, disable }

    /// A brake's threshold, like Entra's accidental-deletion prevention: a count, or a percentage of the known people.
    package enum Threshold: Equatable, Sendable {
        case count(Int)
        case percent(Double)

        package init?(_ text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix("%"), let value = Double(trimmed.dropLast()), value >= 0, value <= 100 {
                self = .percent(value)
            } else if let value = Int(trimmed), value >= 0 {
                self = .count(value)
            } else {
                return nil
            }
        }

        /// The most a run may change. A percentage above zero allows at least one, so that a small company's one
        /// leaver does not stop the night's run.
        package func limit(known: Int) -> Int {
            switch self {
            case .count(let count): count
            case .percent(let percent):
                percent > 0 ? max(1, Int((Double(known) * percent / 100).rounded(.down))) : 0
            }
        }

        package var setting: String {
            switch self {
            case .count(let count): "\(count)"
            case .percent(let percent): "\(percent.formatted())%"
            }
        }
    }

    /// The options that shape a delta run.
    package struct Options: Sendable {
        package var full = false
        package var missing = MissingPolicy.report
        /// An export with no valid rows may disable people (only when the operator says so).
        package var allowEmptyExport = false

        package init() {}
    }

    /// The records to leave out and the leavers to add.
    package let selection: RecordSelection
    /// Everyone the state knows who is missing from the export and not yet disabled (sorted), sent or not.
    package let leavers: [String]
    package let newCount: Int
    package let changedCount: Int
    package let missing: MissingPolicy

    /// - Throws: `.data` when the export is empty and leavers would be disabled; nothing may be sent then.
    package static func compute(
        state: StateFile, index: RecordIndex, digests: [PayloadDigest], validRows: Int, options: Options
    ) throws(SyncError) -> DeltaPlan {
        var skip = [Bool](repeating: false, count: index.count)
        var newCount = 0
        var changedCount = 0
        for record in 0..<index.count where index.isValid(record) {
            guard let known = state.entries[index.externalIds[record]] else {
                newCount += 1
                continue
            }
            if !options.full, !known.disabled, known.digest == digests[record] {
                skip[record] = true
            } else {
                changedCount += 1
            }
        }
        let leavers = state.entries.filter { !$0.value.disabled && index.position(of: $0.key) == nil }.map(\.key)
            .sorted()
        func plan(_ extras: [RecordSelection.Extra]) -> DeltaPlan {
            DeltaPlan(
                selection: RecordSelection(skip: skip, extras: extras), leavers: leavers, newCount: newCount,
                changedCount: changedCount, missing: options.missing)
        }
        guard options.missing == .disable, !leavers.isEmpty else { return plan([]) }
        // An export that lost every row (a failed HR job, a truncated file) is not a company where everyone left.
        if validRows == 0 && !options.allowEmptyExport {
            throw .data(
                "the export has no valid rows, so --missing disable would disable "
                    + (leavers.count == 1 ? "the one known person" : "all \(leavers.count) known people") + "; "
                    + "nothing was sent. If everyone really left, run again with --allow-empty-export")
        }
        var extras: [RecordSelection.Extra] = []
        for id in leavers {
            guard let payload = StateFile.disabledPayload(state.entries[id]!.data) else {
                throw .data(
                    "the state file \(state.path) holds no usable record for \(id); restore it or run with --full")
            }
            extras.append(RecordSelection.Extra(externalId: id, data: payload))
        }
        return plan(extras)
    }
}
