import Foundation
import Testing
import Transport

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

    @Test(arguments: [
        nil, "", "   ", "soon", "inf", "nan", "0x10", "1e3", "2 seconds", "Sun, 32 Nov 1994 08:49:37 GMT",
    ])
    func ignoresAbsentOrGarbage(header: String?) {
        #expect(RetryAfter.seconds(from: header, now: Self.now) == nil)
    }

    /// A hostile server's value must never reach arithmetic unclamped: these crashed `SystemTimeSource.sleep` (an
    /// Int64 overflow) before they were clamped to a year.
    @Test(arguments: [
        "10000000000", "99999999999999999999999999", String(repeating: "9", count: 400),
        "Fri, 31 Dec 9999 23:59:59 GMT",
    ])
    func hugeValuesClampToAYear(header: String) throws {
        let seconds = try #require(RetryAfter.seconds(from: header, now: Self.now))
        #expect(seconds == RetryAfter.longest)
    }

    @Test(arguments: ["10000000000", "Fri, 31 Dec 9999 23:59:59 GMT"])
    func sleepingForAHugeRetryAfterIsCancellableAndDoesNotTrap(header: String) async throws {
        let seconds = try #require(RetryAfter.seconds(from: header, now: Self.now))
        let sleeper = Task { try await SystemTimeSource().sleep(seconds: seconds) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test(arguments: [Double.infinity, 1e300, .greatestFiniteMagnitude])
    func systemSleepClampsAnyValue(seconds: Double) async {
        let sleeper = Task { try await SystemTimeSource().sleep(seconds: seconds) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }
}
