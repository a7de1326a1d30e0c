import Export
import Testing

@Suite struct ReportingOrderTests {
    @Test func managersComeBeforeTheirReportsInputOrderOtherwise() {
        // 0 reports to 2, 2 reports to 1, 3 has no manager.
        let result = ReportingOrder.compute(count: 4, managers: [2, -1, 1, -1], isValid: { _ in true })
        #expect(result.order == [1, 3, 2, 0])
        #expect(result.cycles.isEmpty)
    }

    @Test func cycleIsBrokenAtInputOrderAndReported() {
        // 0 → 1 → 2 → 0
        let result = ReportingOrder.compute(count: 3, managers: [1, 2, 0], isValid: { _ in true })
        #expect(result.cycles.count == 1)
        #expect(result.order == [0, 2, 1])
    }

    @Test func invalidManagersCountAsAbsent() {
        let result = ReportingOrder.compute(count: 3, managers: [1, -1, 0], isValid: { $0 != 1 })
        #expect(result.order == [0, 2])
    }

    @Test func longChainDoesNotOverflowTheStack() {
        let count = 200_000
        let managers = (0..<count).map { Int32($0 == count - 1 ? -1 : $0 + 1) }
        let result = ReportingOrder.compute(count: count, managers: managers, isValid: { _ in true })
        #expect(result.order.first == Int32(count - 1))
        #expect(result.order.last == 0)
    }

    @Test func eachBatchNamesTheNewestBatchItsManagersAreIn() {
        // Depth 0: records 0..3, depth 1: 4..7 (managers 0..3); batch size 2.
        let managers: [Int32] = [-1, -1, -1, -1, 0, 1, 2, 3]
        let result = ReportingOrder.compute(count: 8, managers: managers, isValid: { _ in true })
        let plans = BatchPlan.make(
            order: result.order, managers: managers, lines: (0..<8).map { Int32($0 + 2) }, size: 2)
        #expect(plans.map(\.waitsForBatchesThrough) == [nil, nil, 1, 2])
        #expect(plans.map(\.firstLine) == [2, 4, 6, 8])
    }
}
