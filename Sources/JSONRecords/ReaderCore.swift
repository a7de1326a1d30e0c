import CSV

/// The reader's state: the decoded byte buffer, where it is in the text, the scratch buffer tokens are decoded into,
/// the path table and the current record. A value type moved out of `JSONRecordReader` for each call, so that the hot
/// loops touch locals rather than a class's stored properties (each of which would pay a dynamic exclusivity check).
///
/// The scanning rules (this file and `ReaderCore+Tokens.swift`): RFC 8259 JSON, strict (no comments, no trailing
/// commas, no NaN, no single quotes); line breaks are LF, CRLF or a lone CR, each counted once; columns count
/// characters.
struct ReaderCore {
    let input: JSONInput
    let source: String
    let options: JSONReaderOptions

    let buffer: UnsafeMutablePointer<UInt8>
    var position = 0
    var end = 0
    /// Offset in the text (BOM included) of `buffer[0]`.
    var base: Int
    var exhausted = false

    var line = 1
    /// Offset of the first byte of the current line, and how many UTF-8 continuation bytes it has before `position`
    /// (so that the column counts characters).
    var lineStart: Int
    var lineExtra = 0
    var lastWasCR = false

    /// Where the current token began, for messages about it as a whole.
    var mark = Mark(offset: 0, line: 1, lineStart: 0, lineExtra: 0)

    /// The current string or number, decoded: in `scratch`, or in `buffer` when it needed no decoding (valid until
    /// the next read).
    var token = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// Where a string or number is decoded when it cannot be read in place.
    var scratch: UnsafeMutablePointer<UInt8>
    var scratchCapacity: Int
    var scratchCount = 0

    var table = PathTable()
    /// The open objects and arrays of the value being parsed (`maxDepth` of them at most).
    let frames: UnsafeMutablePointer<Frame>
    /// Whether closing arrays are listed in `found` (while telling a single object from NDJSON).
    var collecting = false
    /// Arrays seen near the top of a document that had no records at the path asked for.
    var found: [FoundArray] = []
    /// Scalars found at `options.metaPaths` outside the records (a next link, a cursor, a total).
    var meta: [String: JSONValue] = [:]
    /// A top-level `error` member's values, when the document has one.
    var answer: String?
    /// The envelope's open objects and what comes next in it, so that its walk resumes after the records.
    var envelope: [EnvelopeFrame] = []
    var envelopeStep = EnvelopeStep.start
    /// The JSON path of the records array once found (`$.d.results`).
    var recordsJSONPath: String?
    /// The record being read: its index, line, JSON path and the path node of the value being parsed.
    var record = RecordContext()
    /// The JSON path of the envelope member being walked (outside records).
    var envelopePath = "$"

    struct Mark {
        var offset: Int
        var line: Int
        var lineStart: Int
        var lineExtra: Int
    }

    struct RecordContext {
        var active = false
        var index = 0
        var line = 0
        var jsonPath = "$"
        var node: Int32 = 0
    }

    init(input: JSONInput, source: String, options: JSONReaderOptions) {
        self.input = input
        self.source = source
        self.options = options
        buffer = .allocate(capacity: max(input.maxOutput, 16))
        base = input.bomLength
        lineStart = input.bomLength
        scratchCapacity = 256
        scratch = .allocate(capacity: scratchCapacity)
        frames = .allocate(capacity: max(1, options.maxDepth))
    }

    /// Frees the buffers; called once by the reader's deinit.
    func deallocate() {
        buffer.deallocate()
        scratch.deallocate()
        frames.deallocate()
    }

    var offset: Int { base + position }

    // MARK: Reading

    /// Reads the next chunk; false at the end of the text.
    @inline(never)
    mutating func refill() throws -> Bool {
        guard !exhausted else { return false }
        base += end
        position = 0
        end = try input.read(into: buffer, source: source)
        if end == 0 { exhausted = true }
        return end > 0
    }

    /// The next byte inside a token (never a line break that counts), or nil at the end.
    @inline(__always)
    mutating func readByte() throws -> UInt8? {
        if position == end, try !refill() { return nil }
        let byte = buffer[position]
        position += 1
        return byte
    }

    /// The next byte that is not whitespace, not consumed; nil at the end of the text. Counts lines.
    @inline(__always)
    mutating func peek() throws -> UInt8? {
        while true {
            while position < end {
                let byte = buffer[position]
                if byte > 0x20 {
                    lastWasCR = false
                    return byte
                }
                switch byte {
                case 0x20, 0x09:
                    position += 1
                case 0x0A:
                    position += 1
                    if !lastWasCR { line += 1 }
                    lineStart = base + position
                    lineExtra = 0
                    lastWasCR = false
                case 0x0D:
                    position += 1
                    line += 1
                    lineStart = base + position
                    lineExtra = 0
                    lastWasCR = true
                default:
                    lastWasCR = false
                    return byte
                }
            }
            guard try refill() else { return nil }
        }
    }

    /// Remembers where the token at `position` starts.
    @inline(__always)
    mutating func markToken() {
        mark = Mark(offset: base + position, line: line, lineStart: lineStart, lineExtra: lineExtra)
    }

    // MARK: Scratch

    @inline(__always)
    mutating func append(_ bytes: UnsafePointer<UInt8>, count: Int, limit: Int) throws {
        let needed = scratchCount + count
        if needed > scratchCapacity || needed > limit { try grow(to: needed, limit: limit) }
        (scratch + scratchCount).update(from: bytes, count: count)
        scratchCount = needed
    }

    @inline(__always)
    mutating func append(_ byte: UInt8, limit: Int) throws {
        if scratchCount >= scratchCapacity || scratchCount >= limit { try grow(to: scratchCount + 1, limit: limit) }
        scratch[scratchCount] = byte
        scratchCount += 1
    }

    @inline(never)
    mutating func grow(to needed: Int, limit: Int) throws {
        if needed > limit { throw tooLarge(limit: limit) }
        guard needed > scratchCapacity else { return }
        let capacity = min(max(needed, scratchCapacity * 2), max(limit, needed))
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        larger.update(from: scratch, count: scratchCount)
        scratch.deallocate()
        scratch = larger
        scratchCapacity = capacity
    }

    func tooLarge(limit: Int) -> JSONRecordsError {
        limit == options.maxPathBytes
            ? failure(.pathTooLong(limit: limit), at: mark) : failure(.fieldTooLarge(limit: limit), at: mark)
    }

    var tokenString: String { String(decoding: token, as: UTF8.self) }

    // MARK: Errors

    func location(_ mark: Mark) -> JSONLocation {
        JSONLocation(
            line: mark.line, column: mark.offset - mark.lineStart - mark.lineExtra + 1, byteOffset: mark.offset)
    }

    var here: Mark { Mark(offset: base + position, line: line, lineStart: lineStart, lineExtra: lineExtra) }

    /// An error at `mark`, in the current record (or envelope member).
    func failure(_ problem: JSONRecordsError.Problem, at mark: Mark) -> JSONRecordsError {
        JSONRecordsError(
            source: source, problem: problem, location: location(mark),
            recordIndex: record.active ? record.index : nil, recordLine: record.active ? record.line : nil,
            jsonPath: record.active ? table.jsonPath(of: record.node, base: record.jsonPath) : envelopePath)
    }

    func syntax(_ message: String, at mark: Mark) -> JSONRecordsError { failure(.syntax(message), at: mark) }

    /// "'x'", "the end of the text", "a line break": what was found, for messages.
    func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "the end of the text" }
        switch byte {
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0x00...0x1F, 0x7F: return "a control character (byte 0x\(String(byte, radix: 16, uppercase: true)))"
        default:
            return "a character that is not part of JSON syntax (byte 0x\(String(byte, radix: 16, uppercase: true)))"
        }
    }
}
