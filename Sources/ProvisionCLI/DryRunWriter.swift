import Foundation
import Mapping
import Sync

/// `upload --dry-run`: every BulkRequest as a file in `--out DIR`, or one per line (NDJSON) on stdout so that
/// `> file` is always valid (the concatenated JSON documents other tools write are not).
struct DryRunWriter {
    let context: CommandContext
    let stage: InputStage

    func write(_ planned: PlannedExport, report: inout RunReport) -> ExitStatus {
        let export = planned.export
        let directory = context.arguments.value("out")
        var written = 0
        // The per-batch list is only kept when someone will read it (20,000 entries at a million rows).
        let keepBatches = context.arguments.has("report") || context.arguments.flag("json")
        do {
            if let directory {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            for batch in export.batches {
                let body = try export.body(of: batch)
                if let directory {
                    let name = String(format: "batch-%05d.json", batch.index)
                    // No fsync per file: syncing 2,000 batch files took 5-17 s instead of 1.5 s (docs/benchmarks.md),
                    // and dry-run output is for reading now, not for surviving a power cut.
                    try AtomicFile.write(
                        Data(body + [0x0A]), to: URL(fileURLWithPath: directory).appendingPathComponent(name).path,
                        sync: false)
                } else {
                    context.console.write(bytes: body + [0x0A])
                }
                written +=
                    batch.recordCount
                    - (export.leavers == 0 ? 0 : export.records(of: batch).count { export.isLeaver($0) })
                if keepBatches {
                    report.batches.append(
                        .init(index: batch.index, records: batch.recordCount, firstLine: batch.firstLine))
                }
            }
        } catch {
            context.console.error(error.localizedDescription)
            report.written = written
            report.finish(status: .cannotCreate)
            _ = stage.writeReport(report)
            return .cannotCreate
        }
        report.written = written
        if report.unchanged != nil { report.unchanged = export.unchanged }
        precondition(
            report.rows == report.invalid + export.unchanged + written, "every row is invalid, unchanged or written")
        let status: ExitStatus = export.invalid > 0 ? .someRowsFailed : .success
        report.finish(status: status)
        guard stage.writeReport(report) else { return .cannotCreate }
        if context.arguments.flag("json") {
            context.console.out(String(decoding: (try? report.encoded()) ?? Data(), as: UTF8.self) + "\n")
        } else if !context.quiet {
            let target = directory.map { "to \($0)" } ?? "to stdout"
            context.console.diagnostic(
                "\(Summary.validation(export)); wrote \(plural(written, "record")) in "
                    + "\(plural(export.batches.count, "request")) \(target)"
            )
        }
        return status
    }
}
