/// Streaming UTF-16 to UTF-8 conversion that carries a split code unit or surrogate pair across chunk boundaries.
///
/// It counts line breaks itself, so that an invalid code unit can be reported with its physical line even though
/// the CSV parser has not reached it yet.
struct UTF16Transcoder {
    /// Where an invalid code unit was found.
    struct Invalid: Equatable {
        let line: Int
        let byteOffset: Int
    }

    let bigEndian: Bool
    private var pendingByte: (value: UInt8, offset: Int)?
    private var pendingHigh: (unit: UInt16, offset: Int, line: Int)?
    private var line = 1
    private var lastWasCR = false

    init(bigEndian: Bool) { self.bigEndian = bigEndian }

    /// Upper bound of output bytes for `count` input bytes (plus what is carried over from the previous call).
    static func maxOutput(forInput count: Int) -> Int { 2 * count + 8 }

    /// Converts `raw`, whose first byte is at file offset `base`, writing UTF-8 at `out`. Stops at the first
    /// invalid code unit and returns it with the bytes written before it.
    mutating func transcode(
        _ raw: UnsafeBufferPointer<UInt8>, base: Int, into out: UnsafeMutablePointer<UInt8>
    ) -> (written: Int, invalid: Invalid?) {
        var written = 0
        var index = 0
        if let pending = pendingByte, !raw.isEmpty {
            pendingByte = nil
            index = 1
            if let bad = emit(unit(pending.value, raw[0]), offset: pending.offset, out: out, written: &written) {
                return (written, bad)
            }
        }
        while index + 1 < raw.count {
            if let bad = emit(unit(raw[index], raw[index + 1]), offset: base + index, out: out, written: &written) {
                return (written, bad)
            }
            index += 2
        }
        if index < raw.count { pendingByte = (raw[index], base + index) }
        return (written, nil)
    }

    /// At end of file: an odd trailing byte or a high surrogate still waiting for its partner is invalid.
    func finish() -> Invalid? {
        if let high = pendingHigh { return Invalid(line: high.line, byteOffset: high.offset) }
        if let byte = pendingByte { return Invalid(line: line, byteOffset: byte.offset) }
        return nil
    }

    private func unit(_ first: UInt8, _ second: UInt8) -> UInt16 {
        bigEndian ? UInt16(first) << 8 | UInt16(second) : UInt16(second) << 8 | UInt16(first)
    }

    private mutating func emit(
        _ unit: UInt16, offset: Int, out: UnsafeMutablePointer<UInt8>, written: inout Int
    ) -> Invalid? {
        if let high = pendingHigh {
            guard (0xDC00...0xDFFF).contains(unit) else { return Invalid(line: high.line, byteOffset: high.offset) }
            pendingHigh = nil
            let scalar = 0x10000 + (UInt32(high.unit - 0xD800) << 10) + UInt32(unit - 0xDC00)
            out[written] = UInt8(0xF0 | (scalar >> 18))
            out[written + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
            out[written + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[written + 3] = UInt8(0x80 | (scalar & 0x3F))
            written += 4
            lastWasCR = false
            return nil
        }
        switch unit {
        case 0..<0x80:
            // CRLF is one line break, as in the CSV parser.
            if unit == 0x0D || (unit == 0x0A && !lastWasCR) { line += 1 }
            lastWasCR = unit == 0x0D
            out[written] = UInt8(unit)
            written += 1
            return nil
        case 0xD800...0xDBFF:
            pendingHigh = (unit, offset, line)
        case 0xDC00...0xDFFF:
            return Invalid(line: line, byteOffset: offset)
        case 0x80..<0x800:
            out[written] = UInt8(0xC0 | (unit >> 6))
            out[written + 1] = UInt8(0x80 | (unit & 0x3F))
            written += 2
        default:
            out[written] = UInt8(0xE0 | (unit >> 12))
            out[written + 1] = UInt8(0x80 | ((unit >> 6) & 0x3F))
            out[written + 2] = UInt8(0x80 | (unit & 0x3F))
            written += 3
        }
        lastWasCR = false
        return nil
    }
}
