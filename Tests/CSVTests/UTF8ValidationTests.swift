import Testing

@testable import CSV

@Suite struct UTF8ValidationTests {
    /// (description, bytes, index of the first invalid sequence)
    static let cases: [(String, [UInt8], Int?)] = [
        ("empty", [], nil),
        ("ASCII longer than a word", Array("abcdefghijklmnopq".utf8), nil),
        ("every length", Array("aé€😀".utf8), nil),
        ("boundaries", [0x7F, 0xC2, 0x80, 0xDF, 0xBF, 0xEF, 0xBF, 0xBF, 0xF4, 0x8F, 0xBF, 0xBF], nil),
        ("after eight ASCII bytes", Array("12345678".utf8) + [0xFF], 8),
        ("lone continuation", [0x61, 0x80], 1),
        ("overlong two-byte", [0xC0, 0xAF], 0),
        ("overlong three-byte", [0xE0, 0x80, 0xAF], 0),
        ("overlong four-byte", [0xF0, 0x80, 0x80, 0xAF], 0),
        ("surrogate", [0x61, 0xED, 0xA0, 0x80], 1),
        ("above U+10FFFF", [0xF4, 0x90, 0x80, 0x80], 0),
        ("F5 lead", [0xF5, 0x80, 0x80, 0x80], 0),
        ("truncated three-byte", [0x61, 0x62, 0xE2, 0x82], 2),
        ("bad third byte", [0xE2, 0x82, 0x41], 0),
        ("latin1 é followed by ASCII", [0x4A, 0x6F, 0x73, 0xE9, 0x20], 3),
    ]

    @Test(arguments: cases)
    func findsFirstInvalidSequence(_ testCase: (String, [UInt8], Int?)) {
        let found = testCase.1.withUnsafeBufferPointer { UTF8Validation.firstInvalidIndex($0) }
        #expect(found == testCase.2, "\(testCase.0)")
        // Agrees with the standard library on validity.
        #expect((found == nil) == (String(validating: testCase.1, as: UTF8.self) != nil), "\(testCase.0)")
    }
}
