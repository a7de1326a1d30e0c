import Foundation
import Mapping

/// Delta sync and leavers (issue #4): leaves out records whose payload equals the last accepted one, finds the people
/// the state knows but today's export lacks, and applies the leaver brake before anything is sent.
final class DeltaSelection: RecordSelection {
    enum MissingPolicy: String { case report, disable }

    /// Like Entra's accidental-deletion prevention: a count, or a percentage of the known people.
    enum Threshold: Equatable {
        case count(Int)
        case percent(Double)

        init?(_ text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix("%"), let value = Double(trimmed.dropLast()), value >= 0, value <= 100 {
                self = .percent(value)
            } else if let value = Int(trimmed), value >= 0 {
                self = .count(value)
            } else {
                return nil
            }
        }

        func limit(known: Int) -> Int {
            switch self {
            case .count(let count): count
            case .percent(let percent): Int((Double(known) * percent / 100).rounded(.down))
            }
        }
    }

    let state: StateFile
    let full: Bool
    let missing: MissingPolicy
    let threshold: Threshold
    /// Filled by `select`: the leavers found (sorted), whether or not they are sent.
    private(set) var leavers: [String] = []
    /// Filled by `select`: records to send that the state does not know, and those it knows with another payload.
    private(set) var newCount = 0
    private(set) var changedCount = 0

    init(state: StateFile, full: Bool, missing: MissingPolicy, threshold: Threshold) {
        self.state = state
        self.full = full
        self.missing = missing
        self.threshold = threshold
    }

    func select(index: RecordIndex, digests: [PayloadDigest]) throws -> RecordSelectionResult {
        var skip = [Bool](repeating: false, count: index.count)
        for record in 0..<index.count where index.isValid(record) {
            guard let known = state.entries[index.externalIds[record]] else {
                newCount += 1
                continue
            }
            if !full, !known.disabled, known.digest == digests[record] {
                skip[record] = true
            } else {
                changedCount += 1
            }
        }
        leavers = state.entries.filter { !$0.value.disabled && index.position(of: $0.key) == nil }.map(\.key).sorted()
        guard missing == .disable, !leavers.isEmpty else { return RecordSelectionResult(skip: skip, extras: []) }
        let limit = threshold.limit(known: state.activeCount)
        if leavers.count > limit {
            throw DeltaError.brake(leavers: leavers.count, known: state.activeCount, limit: limit, threshold: threshold)
        }
        var extras: [(String, [UInt8])] = []
        for id in leavers {
            guard let payload = StateFile.disabledPayload(state.entries[id]!.data) else { throw StateError.damaged(path: state.path, line: 0) }
            extras.append((id, payload))
        }
        return RecordSelectionResult(skip: skip, extras: extras)
    }
}

enum DeltaError: Error, LocalizedError {
    case brake(leavers: Int, known: Int, limit: Int, threshold: DeltaSelection.Threshold)

    var errorDescription: String? {
        switch self {
        case .brake(let leavers, let known, let limit, let threshold):
            let setting = switch threshold {
            case .count(let count): "\(count)"
            case .percent(let percent): "\(percent.formatted())%"
            }
            return "\(leavers) of \(known) known people are missing from this export, more than --max-disable \(setting) allows (\(limit)); nothing was sent. If the export is complete and they really left, run again with --max-disable \(leavers) (or a higher percentage)"
        }
    }
}
