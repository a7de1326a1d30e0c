import Testing

@testable import Uploader

@Suite struct RateLimitTests {
    @Test(arguments: [
        ("40/s", 40, 1.0), ("40/1s", 40, 1.0), ("40/5s", 40, 5.0), ("8/s", 8, 1.0), ("100/10s", 100, 10.0),
        ("40/500ms", 40, 0.5), (" 40/5s ", 40, 5.0), ("40/1.5s", 40, 1.5), ("40/5S", 40, 5.0),
    ])
    func parsesCountAndWindow(text: String, count: Int, seconds: Double) {
        #expect(RateLimit(parsing: text) == RateLimit(count: count, seconds: seconds))
    }

    @Test(arguments: [
        "", "40", "/s", "0/s", "-1/s", "40/0s", "40/0ms", "40/-5s", "40/x", "a/s", "40/5", "40/5m", "40/infs",
        "40/nans", "40/1e3s", "40/5s/2", "4 0/s",
    ])
    func rejectsMalformedOrNonPositive(text: String) {
        #expect(RateLimit(parsing: text) == nil)
    }

    @Test(arguments: [(40, 1.0, "40/1s"), (40, 5.0, "40/5s"), (40, 0.5, "40/500ms"), (8, 1.5, "8/1.5s")])
    func describesItselfInParsableForm(count: Int, seconds: Double, text: String) {
        let rate = RateLimit(count: count, seconds: seconds)
        #expect(rate.description == text)
        #expect(RateLimit(parsing: rate.description) == rate)
    }

    /// `--rate` is refused above the service's 40 a second: what counts is the most starts one second can see.
    @Test(arguments: [
        ("40/1s", 40), ("40/5s", 40), ("20/500ms", 40), ("10/300ms", 40), ("40/500ms", 80), ("1000/1s", 1000),
        ("41/1s", 41), ("400/10s", 400),
    ])
    func mostStartsInOneSecond(text: String, starts: Int) throws {
        #expect(try #require(RateLimit(parsing: text)).mostStartsInOneSecond == starts)
    }
}
