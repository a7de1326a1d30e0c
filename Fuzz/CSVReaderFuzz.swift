import CSV

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer target: the input is a whole CSV file. It is read with every delimiter, in an encoding and a chunk size
/// picked from the first byte (the byte stays in the file, so seeds can be plain CSV files). Errors are expected;
/// crashes, traps, sanitizer reports and hangs are bugs.
@_cdecl("LLVMFuzzerTestOneInput")
public func csvReaderFuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let path = "/tmp/provision-csvfuzz-\(getpid()).csv"
    guard let file = fopen(path, "wb") else { fatalError("cannot create \(path)") }
    if count > 0 { precondition(fwrite(start, 1, count, file) == count, "short write to \(path)") }
    fclose(file)
    defer { unlink(path) }

    let selector = count > 0 ? Int(start[0]) : 0
    // nil means "detect from the BOM"; the five explicit encodings follow.
    let encodings: [TextEncoding?] = [nil] + TextEncoding.allCases.map { Optional($0) }
    let encoding = encodings[selector % encodings.count]
    // Tiny chunks put every chunk boundary inside a quote, a CRLF or a multi-byte sequence.
    let chunkSizes = [1, 2, 3, 5, 16, 1 << 16]
    let chunkSize = chunkSizes[(selector / encodings.count) % chunkSizes.count]

    for delimiter in [",", ";", "|", "\t"] {
        let dialect = CSVDialect(delimiter: UInt8(ascii: Unicode.Scalar(delimiter)!), encoding: encoding)
        do {
            let reader = try CSVReader(path: path, dialect: dialect, chunkSize: chunkSize)
            precondition(!reader.header.fields.isEmpty, "a header with no fields")
            var previousLine = reader.header.line
            while let record = try reader.next() {
                // Records come in file order, each starting on a later physical line than the one before.
                precondition(record.line > previousLine, "record line \(record.line) after \(previousLine)")
                previousLine = record.line
                precondition(reader.bytesRead <= count, "bytesRead \(reader.bytesRead) past the end (\(count))")
            }
        } catch {
            _ = "\(error)"
        }
    }
    return 0
}
