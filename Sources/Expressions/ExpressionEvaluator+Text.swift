import Foundation

/// Append, CStr, InStr, Left, Len, Mid, NormalizeDiacritics, PCase, StripSpaces, ToLower, ToUpper, Trim, Word and the
/// two encodings. Positions and lengths count characters as they are seen (grapheme clusters). A null text argument
/// counts as empty text.
extension ExpressionEvaluator {
    func text(_ call: ExpressionCall) throws(ExpressionFailure) -> ExpressionValue {
        switch call.function {
        case .append:
            return .text((try text(call, 0) ?? "") + (try text(call, 1) ?? ""))
        case .cStr:
            return try text(call, 0).map(ExpressionValue.text) ?? .null
        case .convertToBase64:
            guard let source = try text(call, 0) else { return .null }
            var bytes: [UInt8] = []
            for unit in source.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            return .text(Data(bytes).base64EncodedString())
        case .convertToUTF8Hex:
            guard let source = try text(call, 0) else { return .null }
            let digits = Array("0123456789ABCDEF".utf8)
            var hex: [UInt8] = []
            for byte in source.utf8 { hex += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
            return .text(String(decoding: hex, as: UTF8.self))
        case .inStr:
            return try inStr(call)
        case .left:
            let source = try text(call, 0) ?? ""
            guard let count = try integer(call, 1) else { return .text(source) }
            if count < 0 { return .text(source) }
            return .text(String(source.prefix(Int(min(count, Int64(Int32.max))))))
        case .len:
            return .integer(Int64((try text(call, 0) ?? "").count))
        case .mid:
            guard let source = try text(call, 0) else { return .null }
            guard let start = try integer(call, 1), let length = try integer(call, 2) else { return .null }
            guard start >= 1 else { throw fail(call, "start is \(start); the first character is at 1") }
            guard length >= 0 else { throw fail(call, "length is \(length); it cannot be negative") }
            let characters = Array(source)
            guard start <= characters.count else { return .text("") }
            let from = Int(start - 1)
            let to = from + Int(min(length, Int64(characters.count - from)))
            return .text(String(characters[from..<to]))
        case .normalizeDiacritics:
            return try text(call, 0).map { .text(TextOperations.normalizeDiacritics($0)) } ?? .null
        case .pCase:
            guard let source = try text(call, 0) else { return .null }
            let separators = try text(call, 1).map { Set($0) }
            return .text(TextOperations.properCase(source, separators: separators))
        case .stripSpaces:
            return try text(call, 0).map { .text(TextOperations.removingSpaces($0)) } ?? .null
        case .toLower, .toUpper:
            guard let source = try text(call, 0) else { return .null }
            var locale = call.prepared.locale
            if locale == nil, let culture = try text(call, 1) {
                guard Self.isCultureName(culture) else {
                    throw fail(call, "\"\(culture)\" is not a culture name such as en-US")
                }
                locale = Locale(identifier: culture)
            }
            // One character to one, as Entra's evaluation maps them; a culture matters only for Turkish and
            // Azerbaijani, whose dotted and dotless i differ.
            let language = locale?.identifier.split(whereSeparator: { $0 == "-" || $0 == "_" }).first?.lowercased()
            let turkic = language == "tr" || language == "az"
            return .text(TextOperations.simpleCased(source, lower: call.function == .toLower, turkic: turkic))
        case .trim:
            return try text(call, 0).map { .text($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? .null
        case .word:
            return try word(call)
        default:
            preconditionFailure("not a text function: \(call.function)")
        }
    }

    private func inStr(_ call: ExpressionCall) throws(ExpressionFailure) -> ExpressionValue {
        guard let haystack = try text(call, 0) else { return .null }
        let needle = try text(call, 1) ?? ""
        let start = try integer(call, 2) ?? 1
        guard start >= 1 else { throw fail(call, "start is \(start); the first character is at 1") }
        let compare = try argument(call, 3)
        let ignoringCase: Bool
        switch compare {
        case .null, .ignored: ignoringCase = false
        default:
            guard let mode = compare.integer ?? compare.text.flatMap({ ExpressionFunction.vbConstants[$0] }),
                mode == 0 || mode == 1
            else { throw fail(call, "compareType is \(compare.quoted); use vbBinaryCompare or vbTextCompare") }
            ignoringCase = mode == 1
        }
        let fold: (Character) -> String = ignoringCase ? { $0.lowercased() } : { String($0) }
        let characters = haystack.map(fold)
        let wanted = needle.map(fold)
        guard start <= characters.count + 1 else { return .integer(0) }
        if wanted.isEmpty { return .integer(start) }
        let found = SubsequenceSearch(wanted).first(in: characters, from: Int(start - 1))
        return .integer(found.map { Int64($0 + 1) } ?? 0)
    }

    private func word(_ call: ExpressionCall) throws(ExpressionFailure) -> ExpressionValue {
        let source = try argument(call, 0).text ?? ""
        guard let number = try integer(call, 1), number >= 1 else { return .text("") }
        let delimiters = Set(try text(call, 2) ?? "")
        let words = source.split(whereSeparator: { delimiters.contains($0) })
        return .text(number <= words.count ? String(words[Int(number - 1)]) : "")
    }

    /// `ja-JP`, `tr-TR`, `en`: RFC 4646 shape, as Entra's ToLower/ToUpper take.
    static func isCultureName(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}
