import Mapping
import Sync

/// One-line summaries, the same wording in every command.
public enum Summary {
    public static func validation(_ export: PreparedExport) -> String {
        let counts =
            "\(export.file): \(plural(export.rows, "row")), \(export.valid) valid, \(export.invalid) invalid, "
            + "\(plural(export.warnings, "warning"))"
        guard SyncError.everyRowInvalid(export) == nil else {
            return counts + "; nothing could be sent: every row is invalid"
        }
        guard !export.batches.isEmpty else { return counts + "; nothing to send" }
        return counts + "; \(plural(export.batches.count, "request")) of up to \(maxBatch(export))"
    }

    static func maxBatch(_ export: PreparedExport) -> Int { export.batches.map(\.recordCount).max() ?? 0 }
}
