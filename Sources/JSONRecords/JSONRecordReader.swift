import CSV
import Foundation

/// Streams the records of a JSON or NDJSON text, one flattened `JSONRecord` at a time, in bounded memory however
/// large the text: only one chunk, the current value and the current record are held (`ReaderCore`).
///
/// The layout is known once the reader is made (`layout`): an array of records, an object with the records under a
/// records path, or NDJSON; see `JSONReaderOptions.Format` for how it is told. Every error names the source, the line
/// and column, the record (its position and line) and the JSON path (`JSONRecordsError`). One owner: not `Sendable`.
package final class JSONRecordReader {
    package let source: String
    package internal(set) var layout: JSONLayout
    /// Scalars found at `options.metaPaths` outside the records; complete once `next()` has returned nil.
    package private(set) var meta: [String: JSONValue] = [:]

    /// nil only while `next()` has moved it out.
    private var core: ReaderCore?
    var phase: Phase
    var pending: JSONRecord?
    private var serial: UInt32 = 0
    private var nextIndex = 0
    var previousEndLine = 0
    private var fieldCountHint = 16

    enum Phase {
        /// In the records array (the top-level one or the envelope's): `first` until one record was read.
        case records(first: Bool)
        case ndjson
        case finished
    }

    /// Opens the file at `path` (UTF-8, with or without a BOM; UTF-16 with a BOM), and reads as far as the first record
    /// to know the layout. `observer` sees every raw byte of the file as it is read, for hashing.
    package convenience init(
        path: String, options: JSONReaderOptions = JSONReaderOptions(),
        observer: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws(JSONRecordsError) {
        let input = try JSONInput(path: path, chunkSize: options.chunkSize, observer: observer)
        try self.init(input: input, source: path, options: options) { () throws(JSONRecordsError) in
            try JSONInput(path: path, chunkSize: options.chunkSize, observer: nil)
        }
    }

    /// Reads records from bytes in memory (an HTTP page); `source` names them in errors (a URL without secrets).
    package convenience init(data: Data, source: String, options: JSONReaderOptions = JSONReaderOptions())
        throws(JSONRecordsError)
    {
        let chunk = options.chunkSize
        try self.init(input: JSONInput(data: data, chunkSize: chunk), source: source, options: options) {
            JSONInput(data: data, chunkSize: chunk)
        }
    }

    private init(
        input: JSONInput, source: String, options: JSONReaderOptions,
        reopen: () throws(JSONRecordsError) -> JSONInput
    ) throws(JSONRecordsError) {
        self.source = source
        var core = ReaderCore(input: input, source: source, options: options)
        self.core = nil
        layout = .array
        phase = .finished
        do {
            try detect(&core, options: options, reopen: reopen)
        } catch let error as JSONRecordsError {
            core.deallocate()
            throw error
        } catch {
            core.deallocate()
            throw JSONRecordsError(source: source, problem: .readFailed(reason: String(describing: error)))
        }
        self.core = core
    }

    deinit { core?.deallocate() }

    /// Raw bytes of the source consumed so far, for progress.
    package var bytesRead: Int { core?.input.rawBytesRead ?? 0 }

    /// The next record, or nil after the last one (then `meta` is complete).
    package func next() throws(JSONRecordsError) -> JSONRecord? {
        if let record = pending {
            pending = nil
            return record
        }
        guard var core = core.take() else { return nil }
        defer { self.core = core }
        do {
            return try advance(&core)
        } catch let error as JSONRecordsError {
            phase = .finished
            throw error
        } catch {
            phase = .finished
            throw JSONRecordsError(source: source, problem: .readFailed(reason: String(describing: error)))
        }
    }

    // MARK: Records

    private func advance(_ core: inout ReaderCore) throws -> JSONRecord? {
        switch phase {
        case .finished:
            return nil
        case .ndjson:
            guard let byte = try core.peek() else {
                phase = .finished
                return nil
            }
            core.markToken()
            guard byte == 0x7B else {
                throw core.syntax(
                    "expected an object ({) at the start of the line, found \(core.describe(byte)); NDJSON holds one "
                        + "object per line", at: core.mark)
            }
            if nextIndex > 0, core.line == previousEndLine {
                throw core.failure(.secondObjectOnLine, at: core.mark)
            }
            let record = try readRecord(&core, jsonPath: "$")
            previousEndLine = core.line
            return record
        case .records(let first):
            var byte = try core.peek()
            if !first {
                if byte == 0x2C {
                    core.position += 1
                    byte = try core.peek()
                    if byte == 0x5D {
                        core.markToken()
                        throw core.syntax(
                            "a comma before ']' (JSON allows no comma after the last element)", at: core.mark)
                    }
                } else if byte != 0x5D {
                    core.markToken()
                    throw core.syntax("expected ',' or ']' after a record, found \(core.describe(byte))", at: core.here)
                }
            }
            core.markToken()
            if byte == 0x5D {
                core.position += 1
                try finish(&core)
                return nil
            }
            // The end of the text inside the array: a file or answer cut short, which is not JSON (and worth
            // asking a source for again), not a record of another kind.
            guard byte != nil else {
                throw core.syntax(
                    "the text ends inside the list of records, before its ']': it was cut short", at: core.mark)
            }
            guard byte == 0x7B else {
                let recordBase = (core.recordsJSONPath ?? "$") + "[\(nextIndex)]"
                throw JSONRecordsError(
                    source: source, problem: .notAnObject(found: ReaderCore.kind(of: byte)),
                    location: core.location(core.mark), recordIndex: nextIndex, recordLine: core.line,
                    jsonPath: recordBase)
            }
            phase = .records(first: false)
            return try readRecord(&core, jsonPath: (core.recordsJSONPath ?? "$") + "[\(nextIndex)]")
        }
    }

    /// After the records array: the rest of the envelope (its meta values), then nothing but whitespace.
    private func finish(_ core: inout ReaderCore) throws {
        phase = .finished
        if case .object(let path) = layout {
            _ = try core.walkEnvelope(recordsPath: path)
        }
        let after = try core.peek()
        core.markToken()
        if let after {
            throw core.failure(.trailingContent(found: core.describe(after), nextObject: after == 0x7B), at: core.mark)
        }
        meta = core.meta
    }

    /// One record, its `{` next.
    func readRecord(_ core: inout ReaderCore, jsonPath: String) throws -> JSONRecord {
        serial &+= 1
        if serial == 0 {
            // After 2^32 records the marks start again with the table.
            core.table = PathTable()
            serial = 1
        }
        core.table.resetIfLarge()
        core.record = ReaderCore.RecordContext(
            active: true, index: nextIndex, line: core.line, jsonPath: jsonPath, node: 0)
        defer { core.record.active = false }
        var out = ReaderCore.Flattened()
        out.fields.reserveCapacity(fieldCountHint)
        if core.options.keepsText { out.text = [] }
        try core.parseValue(root: 0, into: &out, serial: serial, store: true, start: core.offset)
        if out.dottedKeys, let duplicate = Self.firstDuplicate(out.fields) {
            throw JSONRecordsError(
                source: source, problem: .duplicateKey(path: duplicate), location: nil, recordIndex: nextIndex,
                recordLine: core.record.line, jsonPath: jsonPath)
        }
        fieldCountHint = out.fields.count
        let record = JSONRecord(
            index: nextIndex, line: core.record.line, fields: out.fields, text: out.text, jsonPath: jsonPath,
            exactPaths: out.exactPaths)
        nextIndex += 1
        return record
    }

    /// A key with a dot can spell the path of a nested value the record also has (`"a.b"` and `"a": {"b"}`).
    private static func firstDuplicate(_ fields: [JSONField]) -> String? {
        var seen = Set<String>()
        for field in fields where !seen.insert(field.path).inserted { return field.path }
        return nil
    }
}
