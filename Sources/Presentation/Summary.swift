import Mapping
import Sync

/// One-line summaries, the same wording in every command.
public enum Summary {
    public static func validation(_ export: PreparedExport) -> String {
        let requests =
            export.batches.isEmpty
            ? "nothing to send" : "\(plural(export.batches.count, "request")) of up to \(maxBatch(export))"
        return "\(export.file): \(plural(export.rows, "row")), \(export.valid) valid, \(export.invalid) invalid, "
            + "\(plural(export.warnings, "warning")); \(requests)"
    }

    static func maxBatch(_ export: PreparedExport) -> Int { export.batches.map(\.recordCount).max() ?? 0 }
}
