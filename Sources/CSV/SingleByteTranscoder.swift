/// windows-1252 and latin1 to UTF-8: every byte is one character, so there is no state to carry between chunks.
struct SingleByteTranscoder {
    /// Code points for bytes 0x80...0xFF.
    private let high: [UInt16]

    init(windows1252: Bool) {
        var table = (0x80...0xFF).map { UInt16($0) }
        if windows1252 {
            // cp1252 puts printable characters in 0x80-0x9F where latin1 has C1 controls; the five bytes cp1252
            // leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the same code point, as Windows does.
            for (index, scalar) in Self.cp1252C1.enumerated() { table[index] = scalar }
        }
        high = table
    }

    /// Upper bound of output bytes for `count` input bytes (each non-ASCII byte needs at most 3).
    static func maxOutput(forInput count: Int) -> Int { 3 * count }

    func transcode(_ raw: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0
        high.withUnsafeBufferPointer { table in
            for byte in raw {
                if byte < 0x80 {
                    out[written] = byte
                    written += 1
                    continue
                }
                let scalar = table[Int(byte) - 0x80]
                if scalar < 0x800 {
                    out[written] = UInt8(0xC0 | (scalar >> 6))
                    out[written + 1] = UInt8(0x80 | (scalar & 0x3F))
                    written += 2
                } else {
                    out[written] = UInt8(0xE0 | (scalar >> 12))
                    out[written + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                    out[written + 2] = UInt8(0x80 | (scalar & 0x3F))
                    written += 3
                }
            }
        }
        return written
    }

    private static let cp1252C1: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
