import CSV
import Foundation
import Hashing
import JSONDocument
import Mapping
import SCIM

/// Pass one over the input: read, map and check every row, and spool the valid records. Nothing leaves the process
/// until this has finished, so a file-level error (bad encoding at the last line, an unterminated quote) stops the
/// run before anything is written or sent.
///
/// The caller then decides which records go (`RecordSelection`: delta sync, resume) and calls
/// `SpooledExport.prepare(selection:)` for pass two, which orders managers first and cuts batches.
package struct ExportReader: Sendable {
    package var dialect = CSVDialect()
    /// `--format`: nil tells CSV from JSON by the content (`RecordSource.detect`).
    package var format: InputFormat?
    /// `--records-path`: where a JSON document holds its records.
    package var recordsPath: String?
    package var mappingFile: String?
    package var emptyAsNull = false
    package var batchSize = BulkRequest.maxOperations
    /// Delta sync needs a digest of every record's payload; without it none is computed.
    package var computeDigests = false
    /// Problems of one kind kept with their text (every one is counted).
    package var problemsKeptPerKind = 1000
    /// Called every few thousand rows with the bytes read so far (for progress on large files).
    package var progress: (@Sendable (Int) -> Void)?
    /// What `Now()` gives in mapping expressions; nil takes the time `read` starts.
    package var now: Date?
    /// `--allow-missing-active`: a mapping that never writes `active` is a warning instead of an error.
    package var allowMissingActive = false
    /// Which Entra attribute each SCIM attribute flows to, for the checks of Entra's limits.
    package var flows = AttributeFlows.defaultMappings

    package init() {}

    /// How the input is read: dialect, format and records path.
    package var inputOptions: InputOptions {
        InputOptions(dialect: dialect, format: format, recordsPath: recordsPath)
    }

    /// Pass one and pass two with every valid record (validate, dry run without state).
    package func prepare(path: String) throws -> BatchedExport {
        try read(path: path).prepare(selection: .everything)
    }

    /// Pass one. The input's SHA-256 is computed as it streams, so the file is read once.
    package func read(path: String) throws -> SpooledExport {
        let hasher = StreamingSHA256()
        let reader = try RecordSource(path: path, options: inputOptions, observer: { hasher.update($0) })
        try reader.bindHeaderModeColumns(mappingFile: mappingFile)
        let mapping: ColumnMapping
        let unmappedActive: MappingError?
        do throws(MappingError) {
            mapping = try reader.bindMapping(file: mappingFile, directory: flows.directory)
            unmappedActive = MissingActiveCheck.check(mapping, input: path)
            if let unmappedActive, !allowMissingActive { throw unmappedActive }
        } catch {
            throw UnusableMapping(error: error, rows: reader.countRemaining())
        }
        let header = reader.columns
        let naming = reader.naming
        let mapper = RecordMapper(mapping: mapping, emptyAsNull: emptyAsNull, now: now ?? Date(), flows: flows)
        let fileSize = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
        let spool = try Spool()
        var index = RecordIndex()
        var problems = ProblemLog(keptPerKind: problemsKeptPerKind)
        for warning in mapping.warnings {
            problems.add(
                Problem(
                    line: 1, externalId: nil, column: warning.attribute, severity: .warning,
                    message: "\(mapping.mappingFile ?? path): \(warning.field): \(warning.message)",
                    kind: "mappingWarning"))
        }
        if unmappedActive != nil { problems.add(MissingActiveCheck.warning(mapping: mapping, input: path)) }
        var rows = 0
        var invalid = 0
        var digests: [PayloadDigest] = []
        var omissions = Omissions(rules: mapping.rules.count)
        var unique = UniqueCandidateTable(rules: mapper.uniqueRules)
        var writer = JSONWriter(capacity: 4096)
        while let record = try reader.next() {
            rows += 1
            if rows % 4096 == 0 { progress?(reader.bytesRead) }
            let row = mapper.map(record)
            problems.add(contentsOf: row.problems)
            guard let externalId = row.externalId else {
                invalid += 1
                continue
            }
            if let earlier = index.duplicateLine(of: externalId) {
                problems.add(
                    Problem(
                        line: record.line, externalId: externalId, column: mapping.externalIdRule?.problemColumn,
                        severity: .error,
                        message:
                            "externalId \"\(externalId)\" is already used \(naming == .lines ? "on" : "by") "
                            + "\(naming.place(earlier)); each person must appear once",
                        kind: "duplicateExternalId",
                        jsonPath: record.jsonPath(of: mapping.externalIdRule?.columnNames.first)))
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
                unique.add(row.unique, record: index.count)
                omissions.add(row, externalId: externalId)
                mapper.encode(row, into: &writer)
                offset = try spool.append(writer.bytes)
            }
            if computeDigests {
                digests.append(row.isValid ? PayloadDigest(of: writer.bytes) : PayloadDigest(high: 0, low: 0))
            }
            // What the disable brake counts: `active` false, or missing where the default mapping then gives false.
            let inactive = row.active == false || (row.active == nil && !allowMissingActive)
            index.add(
                externalId: externalId, line: record.line, offset: offset, length: writer.bytes.count,
                managerId: row.managerId, inactive: row.isValid && inactive)
            if !row.isValid { invalid += 1 }
        }
        do throws(MappingError) {
            try reader.checkColumns(mappingFile: mappingFile, directory: flows.directory)
        } catch {
            throw UnusableMapping(error: error, rows: rows)
        }
        problems.add(contentsOf: omissions.problems(mapping: mapping, flows: flows, naming: naming))
        let managerRule = mapping.rule(for: "\(SCIMSchema.enterpriseUser):manager.value")
        let managerColumn = managerRule?.problemColumn
        let managerInput = managerRule.flatMap { $0.columnNames.count == 1 ? $0.columnNames[0] : nil }
        for (record, managerId) in index.finish() where index.isValid(record) {
            problems.add(
                Problem(
                    line: Int(index.lines[record]), externalId: index.externalIds[record], column: managerColumn,
                    severity: .warning,
                    message:
                        "manager \"\(managerId)\" is not in the file; the reference resolves only if Entra already has "
                        + "that person",
                    kind: "managerNotInFile",
                    jsonPath: naming.jsonPath(ofRecord: Int(index.lines[record]), column: managerInput)))
        }
        for record in 0..<index.count where index.isValid(record) {
            let manager = Int(index.managers[record])
            if manager >= 0, !index.isValid(manager) {
                problems.add(
                    Problem(
                        line: Int(index.lines[record]), externalId: index.externalIds[record], column: managerColumn,
                        severity: .warning,
                        message:
                            "manager \"\(index.externalIds[manager])\" (\(naming.place(Int(index.lines[manager])))) is "
                            + "invalid and not sent; the reference may not resolve",
                        kind: "managerInvalid",
                        jsonPath: naming.jsonPath(ofRecord: Int(index.lines[record]), column: managerInput)))
            }
        }
        return SpooledExport(
            file: path, inputDigest: hasher.hexDigest(), header: header, mapping: mapping, rows: rows,
            invalid: invalid, problems: problems, index: index, digests: digests, omissions: omissions,
            batchSize: batchSize,
            managerColumn: managerColumn, naming: naming, format: reader.format, spool: spool,
            uniqueCandidates: unique)
    }
}

/// A mapping that cannot be used for this export, with the number of data rows the export has: counted although none
/// could be mapped, so that the report says how many people the run left out.
package struct UnusableMapping: Error, Sendable, LocalizedError {
    package let error: MappingError
    /// Data rows read (up to a file-level problem of the export that stopped the count, if any).
    package let rows: Int

    package var errorDescription: String? { error.errorDescription }
}

/// SHA-256 fed by the CSV reader's observer closure (a class, so the closure can update it in place).
final class StreamingSHA256 {
    private var hasher = SHA256()

    func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bytes) }
    func hexDigest() -> String { hasher.hexDigest() }
}
