import Basics
import Export
import Mapping
import Sync

/// One-line summaries, the same wording in every command.
package enum Summary {
    package static func validation(_ export: BatchedExport) -> String {
        let unit = export.naming.unit
        let counts =
            "\(export.file): \(plural(export.rows, unit)), \(export.valid) valid, \(export.invalid) invalid, "
            + "\(plural(export.warnings, "warning"))"
        guard SyncError.everyRowInvalid(export) == nil else {
            return counts + "; nothing could be sent: every \(unit) is invalid"
        }
        guard !export.batches.isEmpty else { return counts + "; nothing to send" }
        return counts + "; \(plural(export.batches.count, "request")) of up to \(maxBatch(export))"
    }

    /// One line: rows (JSON's records, by `naming`), then each outcome; records never sent (the run stopped) are
    /// counted apart from those that were sent and failed.
    package static func upload(_ report: RunReport, naming: RecordNaming = .lines) -> String {
        let notSent = report.notSent ?? 0
        var text =
            "\(report.input): \(plural(report.rows, naming.unit)): \(report.accepted ?? 0) accepted, "
            + "\(report.rejected ?? 0) rejected, \((report.failed ?? 0) - notSent) failed"
        if notSent > 0 { text += ", \(notSent) not sent" }
        text += ", \(report.invalid) invalid"
        if let unchanged = report.unchanged { text += ", \(unchanged) unchanged" }
        if let disabled = report.leaversDisabled {
            text += "; \(disabled) of \(plural(report.leavers?.count ?? 0, "leaver")) disabled"
        }
        let requests = report.requests ?? 0
        text +=
            "; \(plural(requests, "request")), \(plural(report.retries ?? 0, "retry", "retries")), "
            + "\(report.throttled ?? 0) throttled"
        if let skipped = report.skippedAlreadyAccepted, skipped > 0 {
            text += "; \(skipped) accepted earlier (resumed)"
        }
        return text
    }

    static func maxBatch(_ export: BatchedExport) -> Int { export.batches.map(\.recordCount).max() ?? 0 }
}
