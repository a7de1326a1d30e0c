import Basics
import Foundation
import Mapping
import Sync

/// `upload --dry-run`: every BulkRequest as a file in `--out DIR`, or one per line (NDJSON) on stdout so that
/// `> file` is always valid (the concatenated JSON documents other tools write are not).
package struct DryRunWriter {
    let console: Console
    let choices: OutputChoices
    /// `--out DIR`; nil writes to stdout.
    let directory: String?
    /// The per-batch list is only kept when someone will read it (20,000 entries at a million rows).
    let keepBatches: Bool

    package init(console: Console, choices: OutputChoices, directory: String?, keepBatches: Bool) {
        self.console = console
        self.choices = choices
        self.directory = directory
        self.keepBatches = keepBatches
    }

    package func write(_ planned: ExportPlan, report: inout RunReport) -> ExitStatus {
        let export = planned.export
        var written = 0
        let output = SummaryOutput(console: console, choices: choices)
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
                    console.write(bytes: body + [0x0A])
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
            console.error(error.localizedDescription)
            report.written = written
            report.finish(status: .cannotCreate)
            _ = output.writeReport(report)
            return .cannotCreate
        }
        report.written = written
        if report.unchanged != nil { report.unchanged = export.unchanged }
        precondition(
            report.rows == report.invalid + export.unchanged + written, "every row is invalid, unchanged or written")
        let status: ExitStatus = export.invalid > 0 ? .someRowsFailed : .success
        report.finish(status: status)
        guard output.writeReport(report) else { return .cannotCreate }
        if choices.json {
            console.out(String(decoding: (try? report.encoded()) ?? Data(), as: UTF8.self) + "\n")
        } else if !choices.quiet {
            let target = directory.map { "to \($0)" } ?? "to stdout"
            console.diagnostic(
                "\(Summary.validation(export)); wrote \(plural(written, "record")) in "
                    + "\(plural(export.batches.count, "request")) \(target)"
            )
        }
        return status
    }
}
