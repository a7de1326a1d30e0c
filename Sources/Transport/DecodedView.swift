/// Text as bytes after undoing one encoding a server may have applied when echoing it (percent-encoding, JSON string
/// escapes), with, for each byte, the range of the original text it came from: a secret found in the view is removed
/// from the original whole, however it was encoded there. Each view is built in one pass.
struct DecodedView {
    var bytes: [UInt8]
    /// For `bytes[i]`: the original bytes `starts[i] ..< ends[i]`; empty for the text itself (or when `mapped` is
    /// false: decoded bytes only searched, never cut).
    private var starts: [Int32] = []
    private var ends: [Int32] = []
    private let mapped: Bool

    /// The text itself; `mapped` false when no range will be asked back (the views skip their position tables).
    init(_ bytes: [UInt8], mapped: Bool = true) {
        self.bytes = bytes
        self.mapped = mapped
    }

    private init(capacity: Int, mapped: Bool) {
        bytes = []
        bytes.reserveCapacity(capacity)
        self.mapped = mapped
        if mapped {
            starts.reserveCapacity(capacity)
            ends.reserveCapacity(capacity)
        }
    }

    private var isIdentity: Bool { mapped && starts.isEmpty }

    /// The original range that `range` of this view came from.
    func original(_ range: Range<Int>) -> Range<Int> {
        if isIdentity || !mapped { return range }
        guard !range.isEmpty else { return Int(starts[range.lowerBound])..<Int(starts[range.lowerBound]) }
        return Int(starts[range.lowerBound])..<Int(ends[range.upperBound - 1])
    }

    private mutating func append(_ byte: UInt8, from first: Int, through last: Int, of source: DecodedView) {
        bytes.append(byte)
        guard mapped else { return }
        if source.isIdentity {
            starts.append(Int32(first))
            ends.append(Int32(last + 1))
        } else {
            starts.append(source.starts[first])
            ends.append(source.ends[last])
        }
    }

    /// `%XX` (either case) as the byte it stands for; with `plusAsSpace`, `+` as a space (a form body).
    func percentDecoded(plusAsSpace: Bool) -> DecodedView {
        var view = DecodedView(capacity: bytes.count, mapped: mapped)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = Self.hexValue(bytes[index + 1]), let low = Self.hexValue(bytes[index + 2])
            {
                view.append(high << 4 | low, from: index, through: index + 2, of: self)
                index += 3
            } else {
                view.append(
                    plusAsSpace && byte == UInt8(ascii: "+") ? 0x20 : byte, from: index, through: index, of: self)
                index += 1
            }
        }
        return view
    }

    /// JSON string escapes undone: `\uXXXX` (surrogate pairs joined) as UTF-8, `\/`, `\"`, `\\` and the letter
    /// escapes. What .NET writes for `+` (`\u002B`) reads as `+` here.
    func jsonUnescaped() -> DecodedView {
        var view = DecodedView(capacity: bytes.count, mapped: mapped)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                view.append(bytes[index], from: index, through: index, of: self)
                index += 1
                continue
            }
            let letter = bytes[index + 1]
            if letter == UInt8(ascii: "u"), let (scalar, length) = unicodeEscape(at: index) {
                for byte in String(Character(scalar)).utf8 {
                    view.append(byte, from: index, through: index + length - 1, of: self)
                }
                index += length
                continue
            }
            let simple: UInt8? =
                switch letter {
                case UInt8(ascii: "/"), UInt8(ascii: "\""), UInt8(ascii: "\\"): letter
                case UInt8(ascii: "n"): 0x0A
                case UInt8(ascii: "r"): 0x0D
                case UInt8(ascii: "t"): 0x09
                case UInt8(ascii: "b"): 0x08
                case UInt8(ascii: "f"): 0x0C
                default: nil
                }
            if let simple {
                view.append(simple, from: index, through: index + 1, of: self)
                index += 2
            } else {
                view.append(bytes[index], from: index, through: index, of: self)
                index += 1
            }
        }
        return view
    }

    /// The scalar of `\uXXXX` at `index` (with a following low surrogate when it is a high one) and the bytes used.
    private func unicodeEscape(at index: Int) -> (Unicode.Scalar, Int)? {
        guard let unit = hex4(at: index + 2) else { return nil }
        if (0xD800..<0xDC00).contains(unit), index + 11 < bytes.count, bytes[index + 6] == UInt8(ascii: "\\"),
            bytes[index + 7] == UInt8(ascii: "u"), let low = hex4(at: index + 8), (0xDC00..<0xE000).contains(low)
        {
            let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            return Unicode.Scalar(value).map { ($0, 12) }
        }
        return (Unicode.Scalar(unit) ?? "\u{FFFD}", 6)
    }

    private func hex4(at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = Self.hexValue(bytes[index + offset]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
