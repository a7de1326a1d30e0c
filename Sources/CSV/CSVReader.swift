/// Streams a CSV file in fixed-size chunks (never loads the whole file: memory must stay flat for multi-GB exports).
///
/// Bytes are decoded to UTF-8 chunk by chunk, then parsed as RFC 4180 with the leniency HR exports need (see
/// `CSVReader+Scanning.swift`). Only the current chunk and the current record are held in memory. One owner: the
/// class is not `Sendable`.
package final class CSVReader {
    package let path: String
    /// The header record; `fields` are the column names, trimmed of surrounding spaces and tabs.
    package private(set) var header = CSVRecord(line: 0, fields: [])

    let delimiter: UInt8
    /// The largest field and record read; past them the read stops with an error naming the line.
    let limits: CSVLimits
    let source: ByteSource
    /// Decoded bytes: `position..<end` are unparsed; `limit` stops the scan one byte early when the last byte is
    /// a CR or a quote, so that the byte after it (LF, or a second quote) is always there to look at.
    let buffer: UnsafeMutablePointer<UInt8>
    var position = 0
    var end = 0
    var limit = 0
    var reachedEnd = false
    /// File offset of `buffer[0]`; exact only in UTF-8 mode, which is the only mode that reports offsets.
    var bufferBase: Int
    /// The physical line of `buffer[position]`.
    var line = 1

    var assembly = RecordAssembly()

    /// Opens the file, detects the encoding and reads + validates the header (empty/duplicate names).
    /// Throws `.cannotOpen` for a missing/unreadable file, `.emptyFile` when there is no header at all
    /// (0 bytes, or only a BOM / only whitespace line breaks). Any record, the header included, that exceeds
    /// `limits` throws `.fieldTooLarge`, `.recordTooLarge` or `.tooManyFields` once that much of it was read.
    ///
    /// `observer` sees every raw byte of the file as it is read (the reader reads to the end when `next()` is called
    /// until it returns nil), so a caller can hash the input without reading it twice.
    package init(
        path: String, dialect: CSVDialect = CSVDialect(), chunkSize: Int = 1 << 16, limits: CSVLimits = .standard,
        observer: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws {
        let delimiter = dialect.delimiter
        precondition(
            delimiter < 0x80 && delimiter != UInt8(ascii: "\"") && delimiter != 0x0A && delimiter != 0x0D,
            "CSV delimiter must be an ASCII byte other than quote, CR and LF")
        self.path = path
        self.delimiter = delimiter
        self.limits = limits
        source = try ByteSource(path: path, encoding: dialect.encoding, chunkSize: chunkSize, observer: observer)
        // One byte carried over from the previous chunk, plus one decoded chunk.
        buffer = .allocate(capacity: source.maxOutput + 1)
        bufferBase = source.bomLength
        header = try readHeader()
    }

    deinit { buffer.deallocate() }

    /// The next data record, or nil at end of file. Field counts are NOT checked here (the caller reports ragged rows).
    /// Completely empty physical lines (zero bytes between line breaks) are skipped (they are not records).
    package func next() throws -> CSVRecord? {
        guard try scanRecord() else { return nil }
        return try makeRecord()
    }

    /// Bytes of the (raw, undecoded) file consumed so far; for progress reporting.
    ///
    /// Exact for UTF-8 files; for other encodings it counts whole chunks read, which is close enough for progress.
    package var bytesRead: Int {
        source.needsValidation ? bufferBase + position : source.rawBytesRead
    }

    /// Reads the first record that is not blank and checks its names.
    private func readHeader() throws -> CSVRecord {
        var record: CSVRecord
        repeat {
            guard let next = try next() else { throw CSVError.emptyFile(path: path) }
            record = next
            // A line of only spaces before the header is as good as empty (an "only whitespace" file is empty).
        } while record.fields.count == 1 && record.fields[0].trimmingSpaces().isEmpty

        let names = record.fields.map { $0.trimmingSpaces() }
        if names.count == 1, let likely = Self.likelyDelimiter(in: names[0], not: delimiter) {
            throw CSVError.headerOfOneColumn(path: path, line: record.line, likelyDelimiter: likely)
        }
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            let column = index + 1
            if name.isEmpty { throw CSVError.emptyHeaderName(path: path, column: column) }
            if let first = seen[name] {
                throw CSVError.duplicateHeaderName(path: path, name: name, firstColumn: first, column: column)
            }
            seen[name] = column
        }
        return CSVRecord(line: record.line, fields: names)
    }

    /// The delimiter a header read as one column was most likely written with: of `,` `;` tab and `|` (the current
    /// one aside), the one it holds most often; nil when it holds none (a one-column file is not refused here).
    static func likelyDelimiter(in header: String, not current: UInt8) -> UInt8? {
        let candidates = [",", ";", "\t", "|"].map { UInt8(ascii: $0.unicodeScalars.first!) }.filter { $0 != current }
        let counts = candidates.map { candidate in (candidate, header.utf8.count { $0 == candidate }) }
        guard let best = counts.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
        return best.0
    }

    /// Turns the assembled bytes into strings, one validation and one `String` per field.
    private func makeRecord() throws -> CSVRecord {
        var fields: [String] = []
        fields.reserveCapacity(assembly.fieldEnds.count)
        let validate = source.needsValidation
        try assembly.bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for (field, fieldEnd) in assembly.fieldEnds.enumerated() {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<fieldEnd])
                // Not `String(validating:)`, which would check and copy in one pass: on Linux it is unspecialised
                // and looked up generic metadata per field (22% of a dry run in the profile).
                if validate, let bad = UTF8Validation.firstInvalidIndex(slice) {
                    throw invalidUTF8(field: field, fieldStart: start, index: start + bad, bytes: bytes)
                }
                fields.append(String(decoding: slice, as: UTF8.self))
                start = fieldEnd
            }
        }
        return CSVRecord(line: assembly.line, fields: fields)
    }

    /// The error for a bad byte at `index` of the record: its physical line and its offset in the file.
    private func invalidUTF8(
        field: Int, fieldStart: Int, index: Int, bytes: UnsafeBufferPointer<UInt8>
    ) -> CSVError {
        // Line breaks inside the record are only those kept inside quoted fields; CRLF counts once.
        var badLine = assembly.line
        var previous: UInt8 = 0
        for byte in bytes[0..<index] {
            if byte == 0x0D || (byte == 0x0A && previous != 0x0D) { badLine += 1 }
            previous = byte
        }
        let dropped = assembly.droppedQuotes.lazy.filter { $0 > fieldStart && $0 <= index }.count
        let offset = assembly.fieldOffsets[field] + (index - fieldStart) + dropped
        return .invalidUTF8(path: path, line: badLine, byteOffset: offset)
    }
}
