import Foundation
import JSONRecords
import TestSupport
import Testing

/// Reads JSON text through `JSONRecordReader`, from a file (in chunks of `chunkSize`) or from memory.
enum JSONFixture {
    static func records(
        _ text: String, options: JSONReaderOptions = JSONReaderOptions(), chunkSize: Int = 1 << 16
    ) throws -> [JSONRecord] {
        try records(bytes: Array(text.utf8), options: options, chunkSize: chunkSize)
    }

    static func records(bytes: [UInt8], options: JSONReaderOptions = JSONReaderOptions(), chunkSize: Int = 1 << 16)
        throws -> [JSONRecord]
    {
        try reading(bytes: bytes, options: options, chunkSize: chunkSize) { reader in
            var records: [JSONRecord] = []
            while let record = try reader.next() { records.append(record) }
            return records
        }
    }

    /// Runs `body` with a reader of `bytes` written to a file named `name`.
    static func reading<T>(
        bytes: [UInt8], name: String = "input.json", options: JSONReaderOptions = JSONReaderOptions(),
        chunkSize: Int = 1 << 16, _ body: (JSONRecordReader) throws -> T
    ) throws -> T {
        let workspace = try Workspace("json-records")
        let url = workspace.url(name)
        try Data(bytes).write(to: url)
        var options = options
        options.chunkSize = chunkSize
        let reader = try JSONRecordReader(path: url.path, options: options)
        return try withExtendedLifetime(workspace) { try body(reader) }
    }

    /// The error reading `text` throws (the test fails when there is none).
    static func error(
        _ text: String, options: JSONReaderOptions = JSONReaderOptions(), chunkSize: Int = 1 << 16,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> JSONRecordsError? {
        error(bytes: Array(text.utf8), options: options, chunkSize: chunkSize, sourceLocation: sourceLocation)
    }

    static func error(
        bytes: [UInt8], options: JSONReaderOptions = JSONReaderOptions(), chunkSize: Int = 1 << 16,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> JSONRecordsError? {
        do {
            let records = try records(bytes: bytes, options: options, chunkSize: chunkSize)
            Issue.record("expected an error, read \(records.count) records", sourceLocation: sourceLocation)
            return nil
        } catch let error as JSONRecordsError {
            return error
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Each record's fields as `path=value` strings (`"s:…"`, `"n:…"`, `"b:…"`, `null`, `{}`, `[]`).
    static func flat(_ record: JSONRecord) -> [String] {
        record.fields.map { field in
            let value: String =
                switch field.value {
                case .string(let text): "s:" + text
                case .number(let text): "n:" + text
                case .bool(let value): "b:\(value)"
                case .null: "null"
                case .emptyObject: "{}"
                case .emptyArray: "[]"
                }
            return "\(field.path)=\(value)"
        }
    }
}
