import Mapping
import SCIM

/// The outcome of pass two (`SpooledExport.prepare(selection:)`): counts, problems, and the selected records in send
/// order, managers first, cut into batches. Immutable once made (the spool is read-only by then), so batches can be read while events are journalled.
package final class BatchedExport: Sendable {
    package let file: String
    /// SHA-256 (hex) of the input's bytes, computed while it was read.
    package let inputDigest: String
    package let header: [String]
    package let mapping: ColumnMapping
    package let rows: Int
    package let invalid: Int
    /// Valid rows left out because their payload equals the last accepted one (delta sync).
    package let unchanged: Int
    /// Records added that are not rows: leavers sent with `active: false` (line 0 in the index).
    package let leavers: Int
    /// The problems kept (the first of each kind, in line order); `problemLog` counts every one.
    package var problems: [Problem] { problemLog.kept }
    package let problemLog: ProblemLog
    package let index: RecordIndex
    /// Payload digest per row record (delta sync only; empty otherwise).
    package let digests: [PayloadDigest]
    /// Per rule, the valid records that leave its attribute out.
    package let omissions: Omissions
    package let order: [Int32]
    package let batches: [BatchPlan]
    /// How messages name the records (lines of a CSV, positions of JSON records), and what the input is.
    package let naming: RecordNaming
    package let format: InputFormat
    private let spool: Spool
    private let overrides: PayloadOverrides

    package var valid: Int { rows - invalid }
    /// Rows this run sends (valid and not unchanged).
    package var toSend: Int { valid - unchanged }

    /// A leaver (an extra record, not a row of the input).
    package func isLeaver(_ record: Int) -> Bool { index.lines[record] == 0 }
    package var warnings: Int { problemLog.warnings }
    package var errors: Int { problemLog.errors }

    init(
        file: String, inputDigest: String, header: [String], mapping: ColumnMapping, rows: Int, invalid: Int,
        unchanged: Int, leavers: Int, problems: ProblemLog, index: RecordIndex, digests: [PayloadDigest],
        omissions: Omissions, order: [Int32], batches: [BatchPlan], naming: RecordNaming, format: InputFormat,
        spool: Spool, overrides: PayloadOverrides
    ) {
        self.overrides = overrides
        self.file = file
        self.inputDigest = inputDigest
        self.header = header
        self.mapping = mapping
        self.rows = rows
        self.invalid = invalid
        self.unchanged = unchanged
        self.leavers = leavers
        self.problemLog = problems
        self.index = index
        self.digests = digests
        self.omissions = omissions
        self.order = order
        self.batches = batches
        self.naming = naming
        self.format = format
        self.spool = spool
        assert(order.count == rows - invalid - unchanged + leavers, "every record to send is ordered exactly once")
    }

    /// Record indices of a batch, in send order.
    package func records(of batch: BatchPlan) -> [Int] { batch.range.map { Int(order[$0]) } }

    /// The encoded `data` object of a record.
    package func data(ofRecord record: Int) throws -> [UInt8] {
        if let written = try overrides.data(ofRecord: record) { return written }
        let payload = index.payloadRange(record)
        return try spool.read(offset: payload.offset, length: payload.length)
    }

    /// The complete BulkRequest body of a batch. `bulkId` is the externalId: unique within a request (duplicates are
    /// excluded) and deterministic, so identical input gives byte-identical payloads.
    package func body(of batch: BatchPlan) throws -> [UInt8] {
        let records = records(of: batch)
        // A payload written again between the passes lies elsewhere: such a batch is read record by record.
        guard overrides.isEmpty || !records.contains(where: overrides.contains) else {
            return BulkRequest.encode(
                try records.map { record in
                    BulkRequest.Operation(bulkId: index.externalIds[record], data: try data(ofRecord: record))
                })
        }
        let ranges = records.map { index.payloadRange($0) }
        let start = ranges.lazy.map(\.offset).min() ?? 0
        let end = ranges.lazy.map { $0.offset + Int64($0.length) }.max() ?? 0
        let total = ranges.reduce(0) { $0 + $1.length }
        // A batch's records mostly sit side by side in the spool (one depth of the reporting tree, in input order):
        // one read of their span instead of one per record, unless the span is mostly other records.
        if end - start <= Int64(2 * total + 65536) {
            let span = try spool.read(offset: start, length: Int(end - start))
            return BulkRequest.encode(
                zip(records, ranges).map { record, range in
                    let from = Int(range.offset - start)
                    return BulkRequest.Operation(
                        bulkId: index.externalIds[record], data: span[from..<from + range.length])
                })
        }
        return BulkRequest.encode(
            try records.map { record in
                BulkRequest.Operation(bulkId: index.externalIds[record], data: try data(ofRecord: record))
            })
    }
}
