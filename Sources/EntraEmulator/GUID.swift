import Foundation

/// Lower-case GUID strings from a random number generator. `UUID()` on Linux opens /dev/urandom on every
/// call, which cost ~10% of a bulkUpload; the processor also wants ids reproducible from `--seed`.
enum GUID {
    private static let hex = Array("0123456789abcdef".utf8)

    static func make(using generator: inout some RandomNumberGenerator) -> String {
        let high = generator.next()
        let low = generator.next()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        for index in 0..<32 {
            if index == 8 || index == 12 || index == 16 || index == 20 { bytes.append(UInt8(ascii: "-")) }
            let word = index < 16 ? high : low
            var nibble = Int((word >> UInt64((15 - index % 16) * 4)) & 0xF)
            if index == 12 { nibble = 4 }  // version 4
            if index == 16 { nibble = 8 | (nibble & 3) }  // RFC 4122 variant
            bytes.append(hex[nibble])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A GUID from the system generator (getrandom, no file descriptor).
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }
}
