// TEMPORARY stub of the CSV API (the real module is being written in parallel); deleted at merge.
import Foundation
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8", utf16le = "utf-16le", utf16be = "utf-16be", windows1252 = "windows-1252", latin1 = "latin1"
    public init?(name: String) { self.init(rawValue: name) }
}
public struct CSVDialect: Sendable {
    public var delimiter: UInt8
    public var encoding: TextEncoding?
    public init(delimiter: UInt8 = UInt8(ascii: ","), encoding: TextEncoding? = nil) { self.delimiter = delimiter; self.encoding = encoding }
    public static func delimiter(named: String) -> UInt8? { nil }
}
public struct CSVRecord: Sendable, Equatable { public let line: Int; public let fields: [String]; public init(line: Int, fields: [String]) { self.line = line; self.fields = fields } }
public enum CSVError: Error, Sendable, Equatable, LocalizedError {
    case cannotOpen(path: String, reason: String)
    case emptyFile(path: String)
    case invalidUTF8(path: String, line: Int, byteOffset: Int)
    case invalidUTF16(path: String, line: Int, byteOffset: Int)
    case unterminatedQuote(path: String, line: Int)
    case emptyHeaderName(path: String, column: Int)
    case duplicateHeaderName(path: String, name: String, firstColumn: Int, column: Int)
    case readFailed(path: String, reason: String)
}
public final class CSVReader {
    public let path: String
    public init(path: String, dialect: CSVDialect = CSVDialect(), chunkSize: Int = 1 << 16) throws { self.path = path; header = CSVRecord(line: 1, fields: []) }
    public private(set) var header: CSVRecord
    public func next() throws -> CSVRecord? { nil }
    public var bytesRead: Int { 0 }
}
public struct CSVWriter { public static func line(_ fields: [String], delimiter: UInt8) -> String { "" } }
