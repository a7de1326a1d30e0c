import CSV
import Expressions
import Foundation
import JSONRecords

/// The one way records come into the pipeline, whatever the input's format: a CSV file read by `CSVReader`, or JSON
/// records (a JSON document, NDJSON, a source's snapshot) read by `JSONRecordReader` and laid out by column. Every
/// record has its number (a CSV line, a JSON record's position), its values by column, and for JSON its JSON path and
/// (`keepsText`) its text; the mapping sees no difference.
///
/// A CSV file's columns are its header. JSON records have none: the columns are bound (`bind(columns:)`) to what the
/// mapping names, each record's values are put in those columns by their dotted path, and the source remembers which
/// columns some record had (`seen`) and the other paths it met (`paths`), for the check that follows the read.
/// One owner: not `Sendable`.
package final class RecordSource {
    package let path: String
    package let format: InputFormat
    package let options: InputOptions
    /// Records read so far.
    package private(set) var records = 0
    /// How messages name this input's records.
    package let naming: RecordNaming
    /// The CSV header, or the columns bound to JSON records.
    package private(set) var columns: [String]
    /// Per column: whether some record read so far had a value at it (JSON; all true for CSV).
    package private(set) var seen: [Bool]

    private let csv: CSVReader?
    private let json: JSONRecordReader?
    private var slots: [String: Int] = [:]
    /// The previous record's paths and their columns (-1: none): records of one export repeat their keys in the same
    /// order, and the paths are the reader's shared strings, so most fields are placed by one comparison.
    private var recentPaths: [String] = []
    private var recentSlots: [Int] = []
    private var otherPaths: [String] = []
    private var otherSet: Set<String> = []
    /// Paths kept for messages and `mapping suggest`; a file whose records all have new keys stops adding there.
    package static let keptPaths = 10_000

    /// Opens `path`; the format is `options.format`, or told from the first bytes (`[` or `{` is JSON). `observer`
    /// sees every raw byte as it is read (the input's digest).
    package init(
        path: String, options: InputOptions, keepsText: Bool = false,
        observer: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws {
        self.path = path
        self.options = options
        let format = try options.format ?? Self.detect(path: path)
        if format == .csv {
            self.format = .csv
            let reader = try CSVReader(path: path, dialect: options.dialect, observer: observer)
            csv = reader
            json = nil
            columns = reader.header.fields
            seen = [Bool](repeating: true, count: columns.count)
            naming = .lines
        } else {
            let reader = try JSONRecordReader(
                path: path,
                options: JSONReaderOptions(
                    format: format == .ndjson ? .ndjson : (options.format == nil ? .detect : .json),
                    recordsPath: options.recordsPath, keepsText: keepsText),
                observer: observer)
            json = reader
            csv = nil
            // What the content turned out to be (a detected file is either): the journal and plans record it, so
            // `status --failed` and `--heal` read it again the same way.
            self.format = reader.layout == .ndjson ? .ndjson : .json
            columns = []
            seen = []
            naming = Self.naming(of: reader.layout)
        }
    }

    /// The format of the file at `path`, from its first characters: `[` or `{` (after a byte-order mark and
    /// whitespace) is JSON (an array, an object or NDJSON: the JSON reader tells which; `{` in a file named
    /// `.ndjson` or `.jsonl` is NDJSON), anything else CSV.
    package static func detect(path: String) throws -> InputFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            // The reader that opens it says why, as it does for any file.
            return .csv
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
        var bytes = head[...]
        var step = 1
        var skip = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes = head.dropFirst(3)
        } else if head.starts(with: [0xFF, 0xFE]) {
            bytes = head.dropFirst(2)
            step = 2
        } else if head.starts(with: [0xFE, 0xFF]) {
            bytes = head.dropFirst(2)
            step = 2
            skip = 1
        }
        var index = bytes.startIndex + skip
        while index < bytes.endIndex {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += step
            case UInt8(ascii: "["): return .json
            case UInt8(ascii: "{"):
                // One object is a document or a one-record NDJSON file (a `status --failed` file of one record):
                // the name tells which; otherwise the JSON reader tells from a second object.
                let name = path.lowercased()
                return name.hasSuffix(".ndjson") || name.hasSuffix(".jsonl") ? .ndjson : .json
            default: return .csv
            }
        }
        return .csv
    }

    private static func naming(of layout: JSONLayout) -> RecordNaming {
        switch layout {
        case .ndjson: .records(base: nil)
        case .array: .records(base: "$")
        case .object(let recordsPath):
            .records(base: JSONRecord.jsonPath(of: recordsPath, in: "$"))
        }
    }

    /// JSON: the columns records are laid out in (what the mapping names, or in header mode every path).
    package func bind(columns: [String]) {
        precondition(format.isJSON, "a CSV file's columns are its header")
        self.columns = columns
        seen = [Bool](repeating: false, count: columns.count)
        slots = Dictionary(
            columns.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        recentPaths = []
        recentSlots = []
    }

    /// Every path the records read so far had, the bound columns first (for messages and `mapping suggest`); at most
    /// `keptPaths` of the others.
    package var paths: [String] {
        zip(columns, seen).filter(\.1).map(\.0) + otherPaths
    }

    /// Raw bytes consumed so far, for progress.
    package var bytesRead: Int { csv?.bytesRead ?? json?.bytesRead ?? 0 }

    /// The next record, or nil after the last one.
    package func next() throws -> InputRecord? {
        if let csv {
            guard let record = try csv.next() else { return nil }
            records += 1
            return InputRecord(line: record.line, fields: record.fields)
        }
        guard let json, let record = try json.next() else { return nil }
        records += 1
        var fields = [String](repeating: "", count: columns.count)
        for (position, field) in record.fields.enumerated() {
            let slot: Int
            if position < recentPaths.count, recentPaths[position] == field.path {
                slot = recentSlots[position]
            } else {
                slot = slots[field.path] ?? -1
                if slot < 0, otherPaths.count < Self.keptPaths, otherSet.insert(field.path).inserted {
                    otherPaths.append(field.path)
                }
                if position < recentPaths.count {
                    recentPaths[position] = field.path
                    recentSlots[position] = slot
                } else {
                    recentPaths.append(field.path)
                    recentSlots.append(slot)
                }
            }
            guard slot >= 0 else { continue }
            seen[slot] = true
            if let text = field.value.text { fields[slot] = text }
        }
        return InputRecord(
            line: record.position, fields: fields, jsonPath: record.jsonPath, startLine: record.line,
            text: record.text)
    }

    /// The records left, counted (for a report that says how many people a run left out).
    package func countRemaining() -> Int {
        var count = 0
        while (try? next()) != nil { count += 1 }
        return count
    }

    /// The mapping file at `mappingFile` (or, without one, the header read as SCIM paths) bound to this input's
    /// columns: a CSV header; for JSON records the columns the mapping names (`checkColumns()` once they are read),
    /// or every path the records have (read first: header mode). Throws a reading error from that first read, a
    /// `MappingError` for the mapping.
    package func mapping(file mappingFile: String?, directory: TargetDirectory? = nil) throws -> ColumnMapping {
        try bindHeaderModeColumns(mappingFile: mappingFile)
        return try bindMapping(file: mappingFile, directory: directory)
    }

    /// JSON records without a mapping file (header mode): binds every path the records have as the columns, which
    /// takes a first read of them. Nothing to do for a CSV or with a mapping file. Throws a reading error.
    package func bindHeaderModeColumns(mappingFile: String?) throws {
        guard format.isJSON && mappingFile == nil else { return }
        bind(columns: try Self.columnPaths(path: path, options: options, limit: ColumnMapping.maxAttributes))
    }

    /// `mapping(file:directory:)` once any first read is done: only mapping errors.
    package func bindMapping(file mappingFile: String?, directory: TargetDirectory?) throws(MappingError)
        -> ColumnMapping
    {
        guard format.isJSON else {
            if let mappingFile { return try MappingFile.load(path: mappingFile, header: columns, directory: directory) }
            return try ColumnMapping.fromHeader(columns, file: path)
        }
        guard let mappingFile else { return try ColumnMapping.fromHeader(columns, file: path) }
        let mapping = try MappingFile.load(path: mappingFile, columns: .open, directory: directory)
        bind(columns: mapping.header)
        return mapping
    }

    /// JSON records mapped with a mapping file, once every record was read: a column no record had is a missing
    /// column, as a CSV's missing header is (misspelt, or a key the source leaves out for everyone), reported as the
    /// mapping's error against every path the records do have. Nothing to check for a CSV or without records.
    /// A column below a value some record has as null, `[]` or `{}` (`phones.0.number` where `phones` is `[]`) is a
    /// value nobody has today, not a misspelt name: it passes.
    package func checkColumns(mappingFile: String?, directory: TargetDirectory?) throws(MappingError) {
        guard format.isJSON, let mappingFile, seen.contains(false), records > 0 else { return }
        let known = Set(paths)
        let unseen = zip(columns, seen).filter { !$0.1 }.map(\.0)
        let covered = unseen.filter { column in
            column.indices.contains { column[$0] == "." && known.contains(String(column[..<$0])) }
        }
        guard covered.count < unseen.count else { return }
        _ = try MappingFile.load(path: mappingFile, columns: .recordPaths(paths + covered), directory: directory)
    }

    /// JSON: every dotted path the records of `path` have, in the order first met: the columns of header mode and of
    /// `mapping suggest`. Stops past `limit` paths (more than a mapping may hold).
    package static func columnPaths(path: String, options: InputOptions, limit: Int) throws -> [String] {
        let source = try RecordSource(path: path, options: options)
        // A file replaced by a CSV since it was first opened: its columns are its header.
        guard source.format.isJSON else { return source.columns }
        source.bind(columns: [])
        while try source.next() != nil, source.otherPaths.count <= limit {}
        return source.otherPaths
    }
}
