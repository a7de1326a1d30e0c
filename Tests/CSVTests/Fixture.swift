import Foundation
import Testing

@testable import CSV

/// Writes test input to a fresh temporary file, runs the body, and removes the file again.
enum Fixture {
    /// The chunk sizes every key case runs with: tiny ones split BOMs, CRLF, `""` and multi-byte sequences.
    static let chunkSizes = [1, 2, 3, 7, 1 << 16]

    static func withFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("CSVTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("users.csv")
        try Data(bytes).write(to: file)
        return try body(file.path)
    }

    /// Header plus every data record of `bytes`.
    static func records(
        _ bytes: [UInt8], dialect: CSVDialect = CSVDialect(), chunkSize: Int = 1 << 16
    ) throws -> [CSVRecord] {
        try withFile(bytes) { path in
            let reader = try CSVReader(path: path, dialect: dialect, chunkSize: chunkSize)
            var all = [reader.header]
            while let record = try reader.next() { all.append(record) }
            return all
        }
    }

    /// The `CSVError` reading all of `bytes` throws, with the temporary path replaced by "users.csv".
    static func error(
        _ bytes: [UInt8], dialect: CSVDialect = CSVDialect(), chunkSize: Int = 1 << 16,
        limits: CSVLimits = .standard
    ) throws -> CSVError? {
        try withFile(bytes) { path in
            do {
                let reader = try CSVReader(path: path, dialect: dialect, chunkSize: chunkSize, limits: limits)
                while try reader.next() != nil {}
                return nil
            } catch let error as CSVError {
                return error.replacingPath(path, with: "users.csv")
            }
        }
    }
}

extension CSVError {
    func replacingPath(_ path: String, with name: String) -> CSVError {
        func fix(_ value: String) -> String { value == path ? name : value }
        return switch self {
        case .cannotOpen(let p, let reason): .cannotOpen(path: fix(p), reason: reason)
        case .emptyFile(let p): .emptyFile(path: fix(p))
        case .invalidUTF8(let p, let line, let offset): .invalidUTF8(path: fix(p), line: line, byteOffset: offset)
        case .invalidUTF16(let p, let line, let offset): .invalidUTF16(path: fix(p), line: line, byteOffset: offset)
        case .unterminatedQuote(let p, let line): .unterminatedQuote(path: fix(p), line: line)
        case .emptyHeaderName(let p, let column): .emptyHeaderName(path: fix(p), column: column)
        case .duplicateHeaderName(let p, let name, let first, let column):
            .duplicateHeaderName(path: fix(p), name: name, firstColumn: first, column: column)
        case .readFailed(let p, let reason): .readFailed(path: fix(p), reason: reason)
        case .headerOfOneColumn(let p, let line, let likely):
            .headerOfOneColumn(path: fix(p), line: line, likelyDelimiter: likely)
        case .fieldTooLarge(let p, let line, let field, let column, let limit, let quoteLine):
            .fieldTooLarge(path: fix(p), line: line, field: field, column: column, limit: limit, quoteLine: quoteLine)
        case .recordTooLarge(let p, let line, let limit): .recordTooLarge(path: fix(p), line: line, limit: limit)
        case .tooManyFields(let p, let line, let limit, let header):
            .tooManyFields(path: fix(p), line: line, limit: limit, header: header)
        }
    }
}

/// Shorthand for an expected record.
func rec(_ line: Int, _ fields: String...) -> CSVRecord { CSVRecord(line: line, fields: fields) }

/// The UTF-8 bytes of a string; tests append raw bytes to it where they need input that is not UTF-8.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
