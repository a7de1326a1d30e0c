import Export
import Foundation
import Mapping
import Uploader

/// Journals accepted batches as the uploader reports them. Events arrive from many tasks; the lock keeps lines whole.
///
/// A line that cannot be written (a full disk) does not stop the upload: the records still reach the service, and
/// a later `--resume` would only send that batch again, which is safe. But the failure is kept, so the run ends
/// with exit 73 and the report names the journal.
final class JournalWriter: @unchecked Sendable {
    // @unchecked: `journal` and `firstFailure` are only used under `lock`; `export` is immutable (Sendable).
    private let lock = NSLock()
    private let journal: Journal
    private let export: BatchedExport
    private let warn: @Sendable (String) -> Void
    private var firstFailure: FileError?

    init(journal: Journal, export: BatchedExport, warn: @escaping @Sendable (String) -> Void) {
        self.journal = journal
        self.export = export
        self.warn = warn
    }

    var path: String { journal.path }

    /// The first line that could not be written, if any.
    var failure: FileError? { lock.withLock { firstFailure } }

    /// Journals the limit the service was found to enforce, for the next run to start at.
    func record(learnedRate rate: RateLimit) {
        let failure = lock.withLock { () -> FileError? in
            do throws(FileError) {
                try journal.append(Journal.Limit(rate: rate.description, at: Date()))
                return nil
            } catch {
                if firstFailure == nil { firstFailure = error }
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
        let newFailure = lock.withLock { () -> FileError? in
            do throws(FileError) {
                try journal.append(entry)
                return nil
            } catch {
                defer { if firstFailure == nil { firstFailure = error } }
                return firstFailure == nil ? error : nil
            }
        }
        if let newFailure {
            warn("\(newFailure.localizedDescription); a later --resume may send some accepted batches again (safe)")
        }
    }
}
