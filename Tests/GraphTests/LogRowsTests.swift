import Foundation
import Testing

@testable import Graph

/// `LogRows`: what reads of the provisioning logs keep, and which row is a record's newest.
struct LogRowsTests {
    static func entry(_ id: String, _ record: String, second: Double, action: String = "update") -> ProvisioningLogEntry
    {
        ProvisioningLogEntry(
            id: id, activityDateTime: Date(timeIntervalSince1970: 1_800_000_000 + second), externalId: record,
            displayName: nil, action: action, status: "success", errorCode: nil, reason: nil, recommendedAction: nil,
            cycleId: nil)
    }

    /// The logs list the newest row first, and their times have whole seconds: of two rows of one second, the one
    /// listed first is the newer (a manager sent again within the second it was created).
    @Test func ofTwoRowsOfOneSecondTheOneListedFirstIsTheNewest() {
        var rows = LogRows(wanted: ["E1"])
        let page = [
            Self.entry("b", "E1", second: 5, action: "update"), Self.entry("a", "E1", second: 5, action: "create"),
        ]
        for entry in page { rows.add(entry) }
        #expect(rows.newest["E1"]?.id == "b")
        // The next poll reads the same rows again: nothing changes.
        for entry in page { rows.add(entry) }
        #expect(rows.newest["E1"]?.id == "b")
        #expect(rows.entries.map(\.id) == ["b", "a"])
    }

    /// However many rows a record has, the newest and the earliest are kept, and no more than `perRecord`.
    @Test func aRecordKeepsItsEarliestAndNewestRows() {
        var rows = LogRows(wanted: ["E1"])
        for second in (0..<100).reversed() { rows.add(Self.entry("r\(second)", "E1", second: Double(second))) }
        let kept = rows.entries.map(\.id)
        #expect(kept.count == LogRows.perRecord)
        #expect(kept.first == "r99" && kept.last == "r0")
    }

    /// Records not asked for keep only their newest row, and only so many of them.
    @Test func otherRecordsKeepTheirNewestRowOnly() {
        var rows = LogRows(wanted: ["E1"])
        rows.add(Self.entry("old", "M1", second: 1))
        rows.add(Self.entry("new", "M1", second: 2))
        rows.add(Self.entry("older", "M1", second: 0))
        #expect(rows.newest["M1"]?.id == "new")
        #expect(rows.entries.count == 1)
    }
}
