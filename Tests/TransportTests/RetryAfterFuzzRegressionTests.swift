import Foundation
import Testing
import Transport

/// Inputs found by `Fuzz/HTTPParsingFuzz.swift` (docs/fuzzing.md) in `RetryAfter`.
@Suite struct RetryAfterFuzzRegressionTests {
    /// Fuzz crash `c5bf dd8a a8c5 dd8a a8a8 ad`: corelibs' DateFormatter trapped ("Incorrect range CFRange") on this
    /// non-ASCII Retry-After value (ſ matches the S of "Sun" when folded). Before the fix the test process crashed.
    @Test(
        arguments: [
            [0xC5, 0xBF, 0xDD, 0x8A, 0xA8, 0xC5, 0xDD, 0x8A, 0xA8, 0xA8, 0xAD],
            Array("ſun, 06 Nov 1994 08:49:37 GMT".utf8),
            Array("Sun, 06 Nov 1994 08:49:37 GMŤ".utf8),
        ] as [[UInt8]])
    func nonASCIIRetryAfterIsIgnored(raw: [UInt8]) {
        let header = String(decoding: raw, as: UTF8.self)
        #expect(RetryAfter.seconds(from: header, now: Date(timeIntervalSince1970: 784_111_777)) == nil)
    }
}
