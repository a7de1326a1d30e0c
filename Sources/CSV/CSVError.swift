import Foundation

/// Why a CSV file could not be read. Each case names the file (and line or column) so the message can point the
/// user at the exact spot; a record with the wrong number of fields is not an error here (the caller reports it).
package enum CSVError: Error, Sendable, Equatable, LocalizedError {
    /// The file is missing, unreadable or a directory (exit 66 upstream).
    case cannotOpen(path: String, reason: String)
    /// No header at all: 0 bytes, only a BOM, or only blank lines.
    case emptyFile(path: String)
    /// A byte sequence that is not UTF-8; `byteOffset` counts from the start of the file (BOM included).
    case invalidUTF8(path: String, line: Int, byteOffset: Int)
    /// An odd trailing byte or an unpaired surrogate; `byteOffset` counts from the start of the file.
    case invalidUTF16(path: String, line: Int, byteOffset: Int)
    /// A quoted field that never closes; `line` is where the quoted field opened.
    case unterminatedQuote(path: String, line: Int)
    /// A header column whose name is empty after trimming; `column` is 1-based.
    case emptyHeaderName(path: String, column: Int)
    /// The same header name twice; both columns are 1-based.
    case duplicateHeaderName(path: String, name: String, firstColumn: Int, column: Int)
    /// The operating system failed a read after the file was opened.
    case readFailed(path: String, reason: String)
    /// The header read as one column that holds another likely delimiter: the file was written with that one.
    case headerOfOneColumn(path: String, line: Int, likelyDelimiter: UInt8)
    /// A field longer than `CSVLimits.maxFieldBytes`: `line` is where its record starts, `field` is 1-based,
    /// `column` its header name (nil in the header itself), `quoteLine` where it opened when it is quoted.
    case fieldTooLarge(path: String, line: Int, field: Int, column: String?, limit: Int, quoteLine: Int?)
    /// A record longer than `CSVLimits.maxRecordBytes`; `line` is where it starts.
    case recordTooLarge(path: String, line: Int, limit: Int)
    /// A record with more than `CSVLimits.maxFields` fields; `line` is where it starts, `header` whether it is the
    /// header.
    case tooManyFields(path: String, line: Int, limit: Int, header: Bool)

    /// A delimiter as a message names it.
    static func name(_ delimiter: UInt8) -> String {
        delimiter == 0x09 ? "tabs" : "'\(Character(UnicodeScalar(delimiter)))'"
    }

    /// The physical line the error is on, when it is on one.
    package var line: Int? {
        switch self {
        case .invalidUTF8(_, let line, _), .invalidUTF16(_, let line, _), .unterminatedQuote(_, let line),
            .fieldTooLarge(_, let line, _, _, _, _), .recordTooLarge(_, let line, _), .tooManyFields(_, let line, _, _),
            .headerOfOneColumn(_, let line, _):
            return line
        case .emptyHeaderName, .duplicateHeaderName, .emptyFile: return 1
        case .cannotOpen, .readFailed: return nil
        }
    }

    package var errorDescription: String? {
        switch self {
        case .cannotOpen(let path, let reason):
            "\(path): cannot open the file (\(reason)); check the path and that it is readable"
        case .emptyFile(let path):
            "\(path): the file is empty; it needs a header line naming the columns, then one line per user"
        case .invalidUTF8(let path, let line, let offset):
            "\(path):\(line): invalid UTF-8 at byte offset \(offset); if the file is not UTF-8, "
                + "pass --encoding windows-1252 (or latin1, utf-16le)"
        case .invalidUTF16(let path, let line, let offset):
            "\(path):\(line): invalid UTF-16 at byte offset \(offset) (an odd trailing byte or an unpaired "
                + "surrogate); check --encoding (utf-16le or utf-16be) or export the file again"
        case .unterminatedQuote(let path, let line):
            "\(path):\(line): a quoted field opened on this line is never closed; it swallows the rest of the file"
        case .emptyHeaderName(let path, let column):
            "\(path):1: column \(column) of the header is empty; every column needs a name"
        case .duplicateHeaderName(let path, let name, let firstColumn, let column):
            "\(path):1: header name \"\(name)\" appears in columns \(firstColumn) and \(column); "
                + "header names must be unique"
        case .readFailed(let path, let reason):
            "\(path): reading the file failed (\(reason)); check the disk or network share and run again"
        case .headerOfOneColumn(let path, let line, let likely):
            "\(path):\(line): the header has one column containing \(Self.name(likely)) — try --delimiter "
                + (likely == 0x09 ? "tab" : "'\(Character(UnicodeScalar(likely)))'")
        case .fieldTooLarge(let path, let line, let field, let column, let limit, let quoteLine):
            "\(path):\(line): field \(field)\(column.map { " (column \($0))" } ?? "") is longer than "
                + "\(CSVLimits.size(limit)), the most a field may hold; "
                + (quoteLine.map {
                    "it is a quoted field opened on line \($0): is its closing quote missing?"
                } ?? "no HR attribute is that long: is this the right file?")
        case .recordTooLarge(let path, let line, let limit):
            "\(path):\(line): the record on this line is longer than \(CSVLimits.size(limit)), the most a record may "
                + "hold; no HR record is that long: is this the right file?"
        case .tooManyFields(let path, let line, let limit, let header):
            "\(path):\(line): \(header ? "the header" : "the record on this line") has more than \(limit) "
                + "fields, the most a record may have: is this the right file, and the right --delimiter?"
        }
    }
}
