import Foundation
import Testing
import Token
import Transport
@testable import Uploader

@Suite struct RetryAfterTests {
    /// Sun, 06 Nov 1994 08:49:37 GMT, the RFC 9110 example date.
    static let now = Date(timeIntervalSince1970: 784_111_777)

    @Test(arguments: [
        ("2", 2.0), ("2.128", 2.128), ("0", 0), (" 7 ", 7), ("120", 120), ("-3", 0), ("-0.5", 0),
        ("Sun, 06 Nov 1994 08:50:07 GMT", 30), ("Sunday, 06-Nov-94 08:50:07 GMT", 30), ("Sun Nov  6 08:50:07 1994", 30),
        ("Sun, 06 Nov 1994 08:49:37 GMT", 0), ("Sun, 06 Nov 1994 08:00:00 GMT", 0),
    ])
    func parsesSecondsAndHTTPDates(header: String, seconds: Double) throws {
        let parsed = try #require(RetryAfter.seconds(from: header, now: Self.now))
        #expect(abs(parsed - seconds) < 1e-9)
    }

    @Test(arguments: [nil, "", "   ", "soon", "inf", "nan", "0x10", "1e3", "2 seconds", "Sun, 32 Nov 1994 08:49:37 GMT"])
    func ignoresAbsentOrGarbage(header: String?) {
        #expect(RetryAfter.seconds(from: header, now: Self.now) == nil)
    }
}
