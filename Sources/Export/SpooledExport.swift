import Mapping
import SCIM

/// The outcome of pass one (`ExportReader.read(path:)`): every row read, mapped and checked, valid records spooled;
/// not yet selected, ordered or batched.
///
/// Between the two passes the caller looks at the records (`index`, `digests`) and decides which to send; pass two
/// (`prepare(selection:)`) then orders managers first and cuts batches. Single use: `prepare` consumes the index.
package final class SpooledExport {
    package let file: String
    /// SHA-256 (hex) of the input's bytes, computed while it was read.
    package let inputDigest: String
    package let header: [String]
    package let mapping: ColumnMapping
    package let rows: Int
    package private(set) var invalid: Int
    package private(set) var problems: ProblemLog
    package private(set) var index: RecordIndex
    /// Payload digest per record of the index (only when `ExportReader.computeDigests`; empty otherwise).
    package private(set) var digests: [PayloadDigest]
    package let omissions: Omissions
    /// The `SelectUniqueValue` rules' candidates; each record's payload has its first candidate until `choose`.
    package private(set) var uniqueCandidates: UniqueCandidateTable
    /// How messages name the records (lines of a CSV, positions of JSON records), and what the input is.
    package let naming: RecordNaming
    package let format: InputFormat
    private let batchSize: Int
    private let managerColumn: String?
    private let spool: Spool
    private let overrides = PayloadOverrides()
    private var prepared = false

    package var valid: Int { rows - invalid }

    init(
        file: String, inputDigest: String, header: [String], mapping: ColumnMapping, rows: Int, invalid: Int,
        problems: ProblemLog, index: RecordIndex, digests: [PayloadDigest], omissions: Omissions, batchSize: Int,
        managerColumn: String?, naming: RecordNaming, format: InputFormat, spool: Spool,
        uniqueCandidates: UniqueCandidateTable
    ) {
        self.uniqueCandidates = uniqueCandidates
        self.file = file
        self.inputDigest = inputDigest
        self.header = header
        self.mapping = mapping
        self.rows = rows
        self.invalid = invalid
        self.problems = problems
        self.index = index
        self.digests = digests
        self.omissions = omissions
        self.batchSize = batchSize
        self.managerColumn = managerColumn
        self.naming = naming
        self.format = format
        self.spool = spool
    }

    /// A valid record's encoded `data` object, between the passes (for the brakes, which name the people they
    /// count).
    package func data(ofRecord record: Int) throws -> [UInt8] {
        precondition(!prepared, "read records through the prepared export once it exists")
        try overrides.finishWriting()
        if let written = try overrides.data(ofRecord: record) { return written }
        // Writing resumes after a flush, so pass two can still append the leavers.
        try spool.finishWriting()
        let payload = index.payloadRange(record)
        return try spool.read(offset: payload.offset, length: payload.length)
    }

    /// Gives `record` `value` (one of its candidates) for the `SelectUniqueValue` rule `rule`, between the passes:
    /// its payload is the same with that value where the first candidate was, and its digest is made again.
    package func choose(_ value: String, rule: Int, record: Int) throws {
        precondition(!prepared, "unique values are chosen between the passes")
        let path = mapping.rules[rule].path
        guard var payload = SCIMPayload(try data(ofRecord: record)), payload.value(at: path) != .string(value) else {
            return
        }
        guard payload.replace(path, with: .string(value)) else {
            preconditionFailure("a record with candidates for \(path) has its first one in its payload")
        }
        let bytes = payload.bytes
        try overrides.set(bytes, record: record)
        if !digests.isEmpty { digests[record] = PayloadDigest(of: bytes) }
    }

    /// A problem found between the passes that leaves the record as it is (a warning).
    package func add(_ problem: Problem) { problems.add(problem) }

    /// Leaves a valid record out, for a row error found between the passes (no free unique value): it is counted as
    /// invalid and not sent.
    package func exclude(record: Int, problem: Problem) {
        precondition(!prepared, "records are excluded between the passes")
        guard index.isValid(record) else { return }
        index.invalidate(record)
        invalid += 1
        problems.add(problem)
        uniqueCandidates.remove(record: record)
    }

    /// Pass two: leaves out what `selection` skips, adds its extra records (line 0), orders managers before their
    /// reports (breaking reporting cycles at input order, with a warning) and cuts batches.
    package func prepare(selection: RecordSelection) throws -> BatchedExport {
        precondition(!prepared, "an export reading is prepared once")
        prepared = true
        let rowRecords = self.index.count
        var skip = selection.skip.isEmpty ? [Bool](repeating: false, count: rowRecords) : selection.skip
        precondition(skip.count == rowRecords, "a selection names every record of the reading")
        for extra in selection.extras {
            let offset = try spool.append(extra.data)
            self.index.add(
                externalId: extra.externalId, line: 0, offset: offset, length: extra.data.count, managerId: nil,
                inactive: true)
            skip.append(false)
        }
        self.index.dropLookup()
        // A local copy for the closure below (no copy of the arrays: nothing mutates them from here on).
        let index = self.index
        let unchanged = skip.prefix(rowRecords).enumerated().count { $0.element && index.isValid($0.offset) }
        var scratch: [Int32] = []
        let ordering = ReportingOrder.compute(
            count: index.count, managers: index.managers, isValid: { index.isValid($0) && !skip[$0] },
            scratch: &scratch)
        for cycle in ordering.cycles {
            let names = cycle.map { "\(index.externalIds[$0]) (\(naming.place(Int(index.lines[$0]))))" }
            let root = cycle.min()!
            problems.add(
                Problem(
                    line: Int(index.lines[root]), externalId: index.externalIds[root], column: managerColumn,
                    severity: .warning,
                    message:
                        "reporting cycle \(names.joined(separator: " → ")) → \(index.externalIds[cycle[0]]); sent as "
                        + "if this record had no manager in the file",
                    kind: "reportingCycle", jsonPath: naming.jsonPath(ofRecord: Int(index.lines[root]))))
        }
        problems.sortByLine()
        try spool.finishWriting()
        try overrides.finishWriting()
        let batches = BatchPlan.make(
            order: ordering.order, managers: index.managers, lines: index.lines, size: batchSize, scratch: &scratch)
        scratch = []
        return BatchedExport(
            file: file, inputDigest: inputDigest, header: header, mapping: mapping, rows: rows, invalid: invalid,
            unchanged: unchanged, leavers: index.count - rowRecords, problems: problems, index: index,
            digests: digests, omissions: omissions, order: ordering.order, batches: batches, naming: naming,
            format: format, spool: spool, overrides: overrides)
    }
}
