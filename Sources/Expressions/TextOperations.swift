import Foundation

/// The text work behind NormalizeDiacritics, PCase, StripSpaces and Replace, done on bytes and scalars instead of
/// through Foundation: Foundation's string methods bridge to NSString on Linux, and per row (ten expressions over a
/// hundred thousand rows) that bridging was most of the evaluation time (docs/benchmarks.md).
package enum TextOperations {
    /// Every `old` in `source` replaced by `new`, ordinally (byte for byte, as .NET's `String.Replace` compares);
    /// nil when the result would be longer than `limit` bytes (it is not built past that).
    static func replaceAll(_ source: String, _ old: String, with new: String, limit: Int) -> String? {
        guard !old.isEmpty else { return source }
        let bytes = Array(source.utf8)
        let search = SubsequenceSearch(Array(old.utf8))
        let replacement = Array(new.utf8)
        var result: [UInt8] = []
        var last = 0
        var tooLong = false
        search.forEach(in: bytes) { start in
            result += bytes[last..<start]
            result += replacement
            last = start + search.pattern.count
            tooLong = result.count > limit
            return !tooLong
        }
        if tooLong { return nil }
        if last == 0 { return source }
        result += bytes[last...]
        return result.count > limit ? nil : String(decoding: result, as: UTF8.self)
    }

    /// `source` cut at every `delimiter`, ordinally, as .NET's `String.Split` cuts it (one item when the delimiter
    /// is empty or absent).
    static func split(_ source: String, at delimiter: String) -> [String] {
        let bytes = Array(source.utf8)
        let search = SubsequenceSearch(Array(delimiter.utf8))
        var items: [String] = []
        var last = 0
        search.forEach(in: bytes) { start in
            items.append(String(decoding: bytes[last..<start], as: UTF8.self))
            last = start + search.pattern.count
            return true
        }
        items.append(String(decoding: bytes[last...], as: UTF8.self))
        return items
    }

    /// Whether a cell counts as blank: nothing but spaces and tabs.
    @inlinable @inline(__always) package static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// `text` without leading and trailing spaces and tabs (what `isBlank` treats as blank).
    @inlinable package static func trimmedASCIIBlanks(_ text: String) -> String {
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let last = bytes.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!
        if first == bytes.startIndex, bytes.index(after: last) == bytes.endIndex { return text }
        return String(text[first...last])
    }

    /// `source` without its space characters (U+0020 only, as StripSpaces documents).
    static func removingSpaces(_ source: String) -> String {
        guard source.utf8.contains(0x20) else { return source }
        return String(decoding: source.utf8.filter { $0 != 0x20 }, as: UTF8.self)
    }

    /// Letters that are not "letter + accent" in Unicode, spelled as Microsoft's NormalizeDiacritics table does
    /// (ø → oe, æ → ae, ß → ss).
    static let plainLetters: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "oe", "Ø": "OE", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L", "ı": "i",
        "đ": "d", "Đ": "D",
    ]

    /// The combining diacritical marks (and their extensions and supplements): what NormalizeDiacritics removes.
    /// Other scripts' marks (Devanagari vowel signs, Hebrew points) are kept.
    static func isDiacriticalMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F: return true
        default: return false
        }
    }

    /// ASCII text lower- or upper-cased byte by byte; nil when the text is not ASCII (the caller asks the standard
    /// library, which knows every script's rules).
    static func asciiCased(_ text: String, lower: Bool) -> String? {
        var changed = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            if lower ? (byte >= 0x41 && byte <= 0x5A) : (byte >= 0x61 && byte <= 0x7A) { changed = true }
        }
        guard changed else { return text }
        let bytes = text.utf8.map { byte -> UInt8 in
            if lower { return byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
            return byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Upper or lower case as Entra's ToUpper/ToLower give it: each character to exactly one (Unicode's simple case
    /// mapping, what .NET's ToUpper/ToLower do code point by code point), never the full mapping Swift and Foundation
    /// use: `straße` → `STRAßE` (not `STRASSE`), `ﬁ` stays `ﬁ`, `İ` → `i` (not `i̇`), and `Σ` → `σ` wherever it stands
    /// (.NET applies no final-sigma rule). `turkic` (a tr or az culture): `i` → `İ` and `I` → `ı`.
    package static func simpleCased(_ text: String, lower: Bool, turkic: Bool = false) -> String {
        if !turkic, let ascii = asciiCased(text, lower: lower) { return ascii }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(simpleCase(scalar, lower: lower, turkic: turkic)) }
        return String(result)
    }

    /// One scalar's simple case mapping, derived from the full mappings the standard library knows: a full mapping
    /// of one scalar is the simple one; otherwise the title-case mapping (Greek letters with a subscript iota:
    /// `ᾳ` → `ᾼ`), and for lower case U+0130 → `i`; anything else has no simple mapping and stays.
    static func simpleCase(_ scalar: Unicode.Scalar, lower: Bool, turkic: Bool) -> Unicode.Scalar {
        if scalar.isASCII {
            if turkic, lower, scalar == "I" { return "\u{131}" }
            if turkic, !lower, scalar == "i" { return "\u{130}" }
            let value = scalar.value
            if lower, (0x41...0x5A).contains(value) { return Unicode.Scalar(UInt8(value + 0x20)) }
            if !lower, (0x61...0x7A).contains(value) { return Unicode.Scalar(UInt8(value - 0x20)) }
            return scalar
        }
        let properties = scalar.properties
        if lower {
            guard properties.changesWhenLowercased else { return scalar }
            if scalar == "\u{130}" { return "i" }
            return single(properties.lowercaseMapping) ?? scalar
        }
        guard properties.changesWhenUppercased else { return scalar }
        return single(properties.uppercaseMapping) ?? single(properties.titlecaseMapping) ?? scalar
    }

    private static func single(_ mapping: String) -> Unicode.Scalar? {
        let scalars = mapping.unicodeScalars
        guard let first = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex else {
            return nil
        }
        return first
    }

    /// Each accented letter of the Latin, Greek and Cyrillic blocks and the UTF-8 of what it folds to, computed once
    /// with Foundation's canonical decomposition so no row pays for it.
    static let foldings: [UInt32: [UInt8]] = {
        var table: [UInt32: [UInt8]] = [:]
        for range in [0x00C0...0x024F, 0x0370...0x03FF, 0x0400...0x04FF, 0x1E00...0x1EFF, 0x1F00...0x1FFF] {
            for value in range {
                guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
                var folded = String.UnicodeScalarView()
                for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
                where !isDiacriticalMark(part) {
                    if let plain = plainLetters[part] {
                        folded.append(contentsOf: plain.unicodeScalars)
                    } else {
                        folded.append(part)
                    }
                }
                let text = String(folded)
                if text.unicodeScalars.count != 1 || text.unicodeScalars.first != scalar {
                    table[UInt32(value)] = Array(text.utf8)
                }
            }
        }
        return table
    }()

    /// Accents removed and the table's letters replaced (Zoë → Zoe, Øster → Oester, Nguyễn → Nguyen), whether the
    /// text is composed or decomposed.
    static func normalizeDiacritics(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                result.append(UInt8(scalar.value))
            } else if isDiacriticalMark(scalar) {
                continue
            } else if let folded = foldings[scalar.value] {
                result += folded
            } else {
                UTF8.encode(scalar) { result.append($0) }
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// .NET's ToTitleCase on lower-cased text: the first letter of each word upper case, the rest lower case. Words
    /// end at the given separators, or at white space, punctuation and symbols (the Unicode categories Microsoft
    /// lists). ASCII text is done byte by byte.
    static func properCase(_ text: String, separators: Set<Character>?) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }), separators?.allSatisfy(\.isASCII) ?? true {
            var isSeparator = asciiWordSeparators
            if let separators {
                isSeparator = [Bool](repeating: false, count: 128)
                for separator in separators { isSeparator[Int(separator.asciiValue!)] = true }
            }
            var startOfWord = true
            let bytes = text.utf8.map { byte -> UInt8 in
                if isSeparator[Int(byte)] {
                    startOfWord = true
                    return byte
                }
                defer { startOfWord = false }
                if startOfWord, byte >= 0x61, byte <= 0x7A { return byte - 0x20 }
                if !startOfWord, byte >= 0x41, byte <= 0x5A { return byte + 0x20 }
                return byte
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var result = ""
        var startOfWord = true
        for character in text {
            let isSeparator = separators.map { $0.contains(character) } ?? isWordSeparator(character)
            if isSeparator {
                result.append(character)
                startOfWord = true
                continue
            }
            result += startOfWord ? character.uppercased() : character.lowercased()
            startOfWord = false
        }
        return result
    }

    /// For each ASCII byte, whether it ends a word by default: everything but letters and digits.
    private static let asciiWordSeparators: [Bool] = (0..<128).map { byte in
        let scalar = Unicode.Scalar(UInt8(byte))
        return !(("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
    }

    private static func isWordSeparator(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return true }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format, .connectorPunctuation,
            .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
            .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}
