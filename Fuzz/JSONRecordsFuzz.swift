import Foundation
import JSONRecords

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer target: the input is a whole JSON or NDJSON text. It is read as a file and from memory, with a format,
/// a records path and a chunk size picked from the first byte (the byte stays in the text, so seeds can be plain
/// files), keeping each record's compact text. Errors are expected; crashes, traps, sanitizer reports and hangs are
/// bugs, and so is a record whose compact text does not read back as the same record, records out of order, or the
/// file and memory readings disagreeing.
@_cdecl("LLVMFuzzerTestOneInput")
public func jsonRecordsFuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Data(bytes: start, count: count)
    let path = "/tmp/provision-jsonfuzz-\(getpid()).json"
    guard FileManager.default.createFile(atPath: path, contents: bytes) else { fatalError("cannot create \(path)") }
    defer { unlink(path) }

    let selector = count > 0 ? Int(start[0]) : 0
    let formats = JSONReaderOptions.Format.allCases
    let paths: [String?] = [nil, "", "data", "d.results"]
    // Tiny chunks put every chunk boundary inside a string, an escape, a number, a literal or a UTF-8 sequence.
    let chunkSizes = [1, 2, 3, 7, 1 << 16]
    var options = JSONReaderOptions(
        format: formats[selector % formats.count], recordsPath: paths[(selector / 3) % paths.count], keepsText: true,
        metaPaths: ["d.__next", "links.next", "total"], chunkSize: chunkSizes[(selector / 12) % chunkSizes.count])
    options.limits.maxFieldBytes = 4096
    options.limits.maxRecordBytes = 16384
    options.maxDepth = 16

    let fromFile = read { try JSONRecordReader(path: path, options: options) }
    let fromMemory = read { try JSONRecordReader(data: bytes, source: path, options: options) }
    // A UTF-16 BOM is decoded from a file only; otherwise both readings agree, errors included.
    if !(bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])) {
        precondition(fromFile.records == fromMemory.records, "file and memory readings differ")
        precondition(fromFile.error?.problem == fromMemory.error?.problem, "file and memory errors differ")
        precondition(fromFile.error?.location == fromMemory.error?.location, "file and memory error places differ")
    }
    for (index, record) in fromFile.records.enumerated() {
        precondition(record.index == index, "record \(record.index) at position \(index)")
        let text = record.text ?? []
        precondition(!text.contains(0x0A), "a compact record holds a line feed")
        var again = JSONReaderOptions(format: .ndjson, keepsText: true)
        again.limits = options.limits
        again.maxDepth = options.maxDepth
        let reread = read { try JSONRecordReader(data: Data(text), source: "text", options: again) }
        precondition(reread.error == nil && reread.records.count == 1, "a compact record does not read back")
        precondition(reread.records[0].fields == record.fields, "a compact record reads back differently")
        precondition(reread.records[0].text == record.text, "a compact record is not stable")
    }
    return 0
}

private func read(_ open: () throws -> JSONRecordReader) -> (records: [JSONRecord], error: JSONRecordsError?) {
    var records: [JSONRecord] = []
    do {
        let reader = try open()
        var previousLine = 0
        while let record = try reader.next() {
            precondition(record.line >= previousLine, "record line \(record.line) after \(previousLine)")
            previousLine = record.line
            records.append(record)
        }
        _ = reader.meta
        return (records, nil)
    } catch let error as JSONRecordsError {
        _ = error.errorDescription
        return (records, error)
    } catch {
        fatalError("an error that is not a JSONRecordsError: \(error)")
    }
}
