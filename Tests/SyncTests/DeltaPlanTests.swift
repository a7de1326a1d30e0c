import Foundation
import Sync
import Testing

@Suite struct DeltaPlanTests {
    @Test(arguments: [
        ("5%", DeltaPlan.Threshold.percent(5)), ("25", .count(25)), ("0", .count(0)), ("100%", .percent(100)),
    ])
    func thresholdsParse(text: String, expected: DeltaPlan.Threshold) {
        #expect(DeltaPlan.Threshold(text) == expected)
    }

    @Test func thresholdLimits() {
        #expect(DeltaPlan.Threshold.percent(5).limit(known: 1000) == 50)
        #expect(DeltaPlan.Threshold.count(3).limit(known: 1000) == 3)
        #expect(DeltaPlan.Threshold.percent(5).limit(known: 10) == 1, "a small company's one leaver goes through")
        #expect(DeltaPlan.Threshold.percent(0).limit(known: 10) == 0)
        #expect(DeltaPlan.Threshold("abc") == nil)
        #expect(DeltaPlan.Threshold("120%") == nil)
    }
}
