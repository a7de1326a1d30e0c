/// The byte-level RFC 4180 state machine.
///
/// Leniency, because this is what HR exports contain: a quote inside an unquoted field is literal (`ab"c`), text
/// after a closing quote is appended literally (`"ab"c` -> `abc`), a lone CR ends a row like LF and CRLF, and
/// zero-byte lines are skipped. Line breaks inside quotes are kept as they are and still count as physical lines.
extension CSVReader {
    private enum State {
        case recordStart, fieldStart, unquoted, quoted, afterClosingQuote
    }

    private static let quote = UInt8(ascii: "\"")
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A

    /// Assembles the next record into `assembly`; false at end of file.
    func scanRecord() throws -> Bool {
        // Moved out into a local for the scan: appending to a class's arrays pays a dynamic exclusivity check per
        // call (~10% of a dry run in the profile); the local is uniquely referenced and grows in place.
        var record = assembly
        assembly = RecordAssembly()
        defer { assembly = record }
        record.removeAll()
        var state = State.recordStart
        var quoteLine = 0
        let delimiter = self.delimiter
        let quote = Self.quote
        let cr = Self.cr
        let lf = Self.lf

        while true {
            if position >= limit {
                if !reachedEnd {
                    try refill()
                    continue
                }
                switch state {
                case .recordStart:
                    return false
                case .quoted:
                    throw CSVError.unterminatedQuote(path: path, line: quoteLine)
                case .fieldStart:
                    record.fieldOffsets.append(bufferBase + position)
                    record.fieldEnds.append(record.bytes.count)
                    return true
                case .unquoted, .afterClosingQuote:
                    record.fieldEnds.append(record.bytes.count)
                    return true
                }
            }

            let bytes = buffer
            var index = position
            switch state {
            case .recordStart:
                // A line break before any byte of a record is an empty line: not a record.
                let byte = bytes[index]
                if byte == lf || byte == cr {
                    line += 1
                    position = index + (byte == cr && index + 1 < end && bytes[index + 1] == lf ? 2 : 1)
                } else {
                    record.line = line
                    state = .fieldStart
                }

            case .fieldStart:
                guard record.fieldOffsets.count < limits.maxFields else {
                    throw CSVError.tooManyFields(
                        path: path, line: record.line, limit: limits.maxFields, header: header.fields.isEmpty)
                }
                if bytes[index] == quote {
                    quoteLine = line
                    position = index + 1
                    state = .quoted
                } else {
                    state = .unquoted
                }
                record.fieldOffsets.append(bufferBase + position)

            case .unquoted:
                let stop = limit
                while index < stop {
                    let byte = bytes[index]
                    if byte == delimiter || byte == lf || byte == cr { break }
                    index += 1
                }
                record.bytes.append(contentsOf: UnsafeBufferPointer(start: bytes + position, count: index - position))
                position = index
                if record.bytes.count - (record.fieldEnds.last ?? 0) > limits.maxFieldBytes
                    || record.bytes.count > limits.maxRecordBytes
                {
                    throw sizeError(record, quoteLine: nil)
                }
                if index < stop {
                    record.fieldEnds.append(record.bytes.count)
                    if endField(at: index) { return true }
                    state = .fieldStart
                }

            case .quoted:
                let stop = limit
                var segment = index
                while index < stop {
                    let byte = bytes[index]
                    if byte == quote {
                        record.bytes.append(
                            contentsOf: UnsafeBufferPointer(start: bytes + segment, count: index - segment))
                        // The byte after a quote is always in the buffer here, or this is the end of the file.
                        if index + 1 < end && bytes[index + 1] == quote {
                            record.bytes.append(quote)
                            record.droppedQuotes.append(record.bytes.count)
                            index += 2
                            segment = index
                            continue
                        }
                        record.droppedQuotes.append(record.bytes.count)
                        index += 1
                        segment = index
                        state = .afterClosingQuote
                        break
                    } else if byte == lf {
                        line += 1
                        index += 1
                    } else if byte == cr {
                        line += 1
                        index += index + 1 < end && bytes[index + 1] == lf ? 2 : 1
                    } else {
                        index += 1
                    }
                }
                record.bytes.append(contentsOf: UnsafeBufferPointer(start: bytes + segment, count: index - segment))
                position = index
                if record.bytes.count - (record.fieldEnds.last ?? 0) > limits.maxFieldBytes
                    || record.bytes.count > limits.maxRecordBytes
                {
                    throw sizeError(record, quoteLine: quoteLine)
                }

            case .afterClosingQuote:
                let byte = bytes[index]
                if byte == delimiter || byte == lf || byte == cr {
                    record.fieldEnds.append(record.bytes.count)
                    if endField(at: index) { return true }
                    state = .fieldStart
                } else {
                    // `"ab"c`: keep going as an unquoted field; the closing quote was already dropped.
                    state = .unquoted
                }
            }
        }
    }

    /// The error for a record past a size limit: the field being read, or else the whole record. Checked once per
    /// appended run of bytes (a run is at most one chunk), so the overshoot is bounded.
    private func sizeError(_ record: RecordAssembly, quoteLine: Int?) -> CSVError {
        guard record.bytes.count - (record.fieldEnds.last ?? 0) > limits.maxFieldBytes else {
            return .recordTooLarge(path: path, line: record.line, limit: limits.maxRecordBytes)
        }
        let field = record.fieldEnds.count + 1
        let column = field <= header.fields.count ? header.fields[field - 1] : nil
        return .fieldTooLarge(
            path: path, line: record.line, field: field, column: column, limit: limits.maxFieldBytes,
            quoteLine: quoteLine)
    }

    /// Consumes the delimiter or line break at `index`; true when it ended the record.
    private func endField(at index: Int) -> Bool {
        let byte = buffer[index]
        if byte == delimiter {
            position = index + 1
            return false
        }
        line += 1
        position = index + (byte == Self.cr && index + 1 < end && buffer[index + 1] == Self.lf ? 2 : 1)
        return true
    }

    /// Moves the unparsed tail (at most one held-back byte) to the front and appends the next decoded chunk.
    private func refill() throws {
        let kept = end - position
        if kept > 0 { (buffer).update(from: buffer + position, count: kept) }
        bufferBase += position
        position = 0
        end = kept
        let count = try source.read(into: buffer + kept)
        end += count
        if count == 0 {
            reachedEnd = true
            limit = end
            return
        }
        let last = buffer[end - 1]
        limit = last == Self.cr || last == Self.quote ? end - 1 : end
    }
}
