import Basics
import Export
import Foundation
import Mapping
import Uploader

/// Journals accepted batches as the uploader reports them. Events arrive from many tasks; the lock keeps lines whole.
///
/// A line that cannot be written (a full disk) does not stop the upload: the records still reach the service, and
/// a later `--resume` would only send that batch again, which is safe. But the failure is kept, so the run ends
/// with exit 73 and the report names the journal.
final class JournalWriter: Sendable {
    /// The journal is appended to only under the lock; `firstFailure` is the first line that could not be written.
    private struct State {
        let journal: Journal
        var firstFailure: FileError?
    }

    private let state: Locked<State>
    private let export: BatchedExport
    private let warn: @Sendable (String) -> Void
    let path: String

    init(journal: Journal, export: BatchedExport, warn: @escaping @Sendable (String) -> Void) {
        state = Locked(State(journal: journal))
        path = journal.path
        self.export = export
        self.warn = warn
    }

    /// The first line that could not be written, if any.
    var failure: FileError? { state.withLock { $0.firstFailure } }

    /// Journals the limit the service was found to enforce, for the next run to start at.
    func record(learnedRate rate: RateLimit) {
        let failure = state.withLock { state -> FileError? in
            do throws(FileError) {
                try state.journal.append(Journal.Limit(rate: rate.description, at: Date()))
                return nil
            } catch {
                if state.firstFailure == nil { state.firstFailure = error }
                return error
            }
        }
        if let failure { warn(failure.localizedDescription) }
    }

    func record(_ outcome: BatchOutcome) {
        guard outcome.status == .accepted, export.batches.indices.contains(outcome.index - 1) else { return }
        let plan = export.batches[outcome.index - 1]
        let records = export.records(of: plan)
        let entry = Journal.Accepted(
            batch: outcome.index, records: outcome.recordCount, clientRequestId: outcome.clientRequestId, at: Date(),
            externalIds: records.map { export.index.externalIds[$0] },
            lines: records.map { Int(export.index.lines[$0]) }, span: outcome.acceptedSpan)
        let newFailure = state.withLock { state -> FileError? in
            do throws(FileError) {
                try state.journal.append(entry)
                return nil
            } catch {
                defer { if state.firstFailure == nil { state.firstFailure = error } }
                return state.firstFailure == nil ? error : nil
            }
        }
        if let newFailure {
            warn("\(newFailure.localizedDescription); a later --resume may send some accepted batches again (safe)")
        }
    }
}
