import CSV
import Foundation
import SCIM

/// Pass one over the input: read, map and check every row, spool the valid records, then order and batch them.
/// Nothing leaves the process until this has finished, so a file-level error (bad encoding at the last line, an
/// unterminated quote) stops the run before anything is written or sent.
public struct ExportPreparer {
    public var dialect = CSVDialect()
    public var mappingFile: String?
    public var emptyAsNull = false
    public var batchSize = BulkRequest.maxOperations
    /// Called every few thousand rows with the bytes read so far (for progress on large files).
    public var progress: (@Sendable (Int) -> Void)?
    /// Delta sync: which records to leave out or add (nil sends every valid record).
    public var selection: (any RecordSelection)?
    /// What `Now()` gives in mapping expressions; nil takes the time `prepare` starts.
    public var now: Date?

    public init() {}

    public func prepare(path: String) throws -> PreparedExport {
        let reader = try CSVReader(path: path, dialect: dialect)
        let header = reader.header.fields
        let mapping = try mappingFile.map { file throws(MappingError) in try MappingFile.load(path: file, header: header) }
            ?? ColumnMapping.fromHeader(header, file: path)
        let mapper = RecordMapper(mapping: mapping, emptyAsNull: emptyAsNull, now: now ?? Date())
        let fileSize = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
        let spool = try Spool()
        var index = RecordIndex()
        var problems = mapping.warnings.map { warning in
            Problem(
                line: 1, externalId: nil, column: warning.attribute, severity: .warning,
                message: "\(mapping.mappingFile ?? path): \(warning.field): \(warning.message)")
        }
        var rows = 0
        var invalid = 0
        var managerColumn: String?
        var digests: [PayloadDigest] = []
        var writer = JSONWriter(capacity: 4096)
        while let record = try reader.next() {
            rows += 1
            if rows % 4096 == 0 { progress?(reader.bytesRead) }
            let row = mapper.map(record)
            problems += row.problems
            guard let externalId = row.externalId else {
                invalid += 1
                continue
            }
            if let earlier = index.duplicateLine(of: externalId) {
                problems.append(Problem(
                    line: record.line, externalId: externalId, column: mapping.externalIdRule?.problemColumn, severity: .error,
                    message: "externalId \"\(externalId)\" is already used on line \(earlier); each person must appear once"))
                invalid += 1
                continue
            }
            if rows == 16384 {
                // Size the index from the first rows, so a million-row file does not grow it by doubling (which
                // briefly holds two copies of every array). The reader counts whole chunks, hence the margin.
                let estimate = Int(Double(fileSize) / Double(max(reader.bytesRead, 1)) * 16384 * 1.08) + 1024
                index.reserve(records: estimate, idBytes: estimate * (externalId.utf8.count + 2))
            }
            var offset = spool.size
            writer.removeAll()
            if row.isValid {
                mapper.encode(row, into: &writer)
                offset = try spool.append(writer.bytes)
            }
            let digest = selection != nil && row.isValid ? PayloadDigest(of: writer.bytes) : PayloadDigest(high: 0, low: 0)
            index.add(externalId: externalId, line: record.line, offset: offset, length: writer.bytes.count, managerId: row.managerId)
            if selection != nil { digests.append(digest) }
            if !row.isValid { invalid += 1 }
            if row.managerId != nil, managerColumn == nil {
                managerColumn = mapping.rule(for: "\(SCIMSchema.enterpriseUser):manager.value")?.problemColumn
            }
        }
        for (record, managerId) in index.finish() where index.isValid(record) {
            problems.append(Problem(
                line: Int(index.lines[record]), externalId: index.externalIds[record], column: managerColumn, severity: .warning,
                message: "manager \"\(managerId)\" is not in the file; the reference resolves only if Entra already has that person"))
        }
        for record in 0..<index.count where index.isValid(record) {
            let manager = Int(index.managers[record])
            if manager >= 0, !index.isValid(manager) {
                problems.append(Problem(
                    line: Int(index.lines[record]), externalId: index.externalIds[record], column: managerColumn, severity: .warning,
                    message: "manager \"\(index.externalIds[manager])\" (line \(index.lines[manager])) is invalid and not sent; the reference may not resolve"))
            }
        }
        var skip = [Bool](repeating: false, count: index.count)
        let rowRecords = index.count
        if let selection {
            let chosen = try selection.select(index: index, digests: digests)
            skip = chosen.skip
            for extra in chosen.extras {
                let offset = try spool.append(extra.data)
                index.add(externalId: extra.externalId, line: 0, offset: offset, length: extra.data.count, managerId: nil)
                skip.append(false)
            }
        }
        let unchanged = skip.prefix(rowRecords).enumerated().count { $0.element && index.isValid($0.offset) }
        index.dropLookup()
        var scratch: [Int32] = []
        let ordering = ReportingOrder.compute(count: index.count, managers: index.managers, isValid: { index.isValid($0) && !skip[$0] }, scratch: &scratch)
        for cycle in ordering.cycles {
            let names = cycle.map { "\(index.externalIds[$0]) (line \(index.lines[$0]))" }
            let root = cycle.min()!
            problems.append(Problem(
                line: Int(index.lines[root]), externalId: index.externalIds[root], column: managerColumn, severity: .warning,
                message: "reporting cycle \(names.joined(separator: " → ")) → \(index.externalIds[cycle[0]]); sent as if this record had no manager in the file"))
        }
        problems.sort { ($0.line, $0.severity == .error ? 0 : 1) < ($1.line, $1.severity == .error ? 0 : 1) }
        try spool.finishWriting()
        let batches = BatchPlan.make(order: ordering.order, managers: index.managers, lines: index.lines, size: batchSize, scratch: &scratch)
        scratch = []
        return PreparedExport(
            file: path, header: header, mapping: mapping, rows: rows, invalid: invalid, unchanged: unchanged,
            leavers: index.count - rowRecords, problems: problems, index: index, digests: digests, order: ordering.order,
            batches: batches, spool: spool)
    }
}
