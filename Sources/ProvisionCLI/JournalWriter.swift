import Foundation
import Mapping
import Uploader

/// Journals accepted batches as the uploader reports them. Events arrive from many tasks; the lock keeps lines whole.
final class JournalWriter: @unchecked Sendable {
    // @unchecked: `journal` is only used under `lock`; `export` is immutable (Sendable).
    private let lock = NSLock()
    private let journal: Journal
    private let export: PreparedExport
    private let console: Console
    private var warned = false

    init(journal: Journal, export: PreparedExport, console: Console) {
        self.journal = journal
        self.export = export
        self.console = console
    }

    var path: String { journal.path }

    func record(_ outcome: BatchOutcome) {
        guard outcome.status == .accepted, export.batches.indices.contains(outcome.index - 1) else { return }
        let plan = export.batches[outcome.index - 1]
        let records = export.records(of: plan)
        let entry = Journal.Accepted(
            batch: outcome.index, records: outcome.recordCount, clientRequestId: outcome.clientRequestId, at: Date(),
            externalIds: records.map { export.index.externalIds[$0] }, lines: records.map { Int(export.index.lines[$0]) })
        lock.withLock {
            do {
                try journal.append(entry)
            } catch {
                // Losing a journal line only means that batch would be sent again on --resume, which is safe.
                if !warned { console.warning("\(error.localizedDescription); a later --resume may send some accepted batches again") }
                warned = true
            }
        }
    }
}
