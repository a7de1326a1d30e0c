import Foundation
import Mapping
#if canImport(Glibc)
import Glibc
#endif

/// `upload --dry-run`: every BulkRequest as a file in `--out DIR`, or one per line (NDJSON) on stdout so that
/// `> file` is always valid (CSV2SCIM's concatenated documents are not; prior-art §3.10).
struct DryRunWriter {
    let context: CommandContext
    let stage: InputStage

    func write(_ export: PreparedExport, report: inout RunReport) -> ExitStatus {
        let directory = context.arguments.value("out")
        var written = 0
        do {
            if let directory {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            for batch in export.batches {
                let body = try export.body(of: batch)
                if let directory {
                    let name = String(format: "batch-%05d.json", batch.index)
                    try Self.writeFile(body + [0x0A], path: URL(fileURLWithPath: directory).appendingPathComponent(name).path)
                } else {
                    context.console.out(String(decoding: body + [0x0A], as: UTF8.self))
                }
                written += batch.recordCount - (export.leavers == 0 ? 0 : export.records(of: batch).count { export.isLeaver($0) })
                report.batches.append(.init(index: batch.index, records: batch.recordCount, firstLine: batch.firstLine))
            }
        } catch {
            context.console.error(error.localizedDescription)
            report.written = written
            report.finish(status: .internalError)
            _ = stage.writeReport(report)
            return .internalError
        }
        report.written = written
        if report.unchanged != nil { report.unchanged = export.unchanged }
        precondition(report.rows == report.invalid + export.unchanged + written, "every row is invalid, unchanged or written")
        let status: ExitStatus = export.invalid > 0 ? .someRowsFailed : .success
        report.finish(status: status)
        guard stage.writeReport(report) else { return .internalError }
        if context.arguments.flag("json") {
            context.console.out(String(decoding: (try? report.encoded()) ?? Data(), as: UTF8.self) + "\n")
        } else if !context.quiet {
            let target = directory.map { "to \($0)" } ?? "to stdout"
            context.console.diagnostic("\(Summary.validation(export)); wrote \(written) records in \(export.batches.count) request\(export.batches.count == 1 ? "" : "s") \(target)")
        }
        return status
    }

    /// Writes a batch file without `fsync`: `Data.write(to:)` syncs every file, which made `--out` of 2,000 batches take
    /// 5-17 s instead of 1.5 s (docs/benchmarks.md). Dry-run output is for reading now, not for surviving a power cut.
    private static func writeFile(_ bytes: [UInt8], path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
            done += count
        }
    }
}
