/// How the ordered records are cut into requests.
public struct BatchPlan: Sendable, Equatable {
    public let index: Int
    /// Range into `PreparedExport.order`.
    public let range: Range<Int>
    public let firstLine: Int
    /// Some record's manager is in an earlier batch that no earlier barrier has waited for: this batch must not start
    /// before every earlier batch has finished (managers first, contract §5).
    public let waitForEarlierBatches: Bool

    public var recordCount: Int { range.count }

    /// Cuts `order` into batches of `size`, placing a barrier only where a manager could otherwise still be in flight.
    public static func make(order: [Int32], managers: [Int32], lines: [Int32], size: Int) -> [BatchPlan] {
        var scratch: [Int32] = []
        return make(order: order, managers: managers, lines: lines, size: size, scratch: &scratch)
    }

    /// The same, reusing `scratch` (e.g. the ordering's depth buffer) for the batch of each record.
    static func make(order: [Int32], managers: [Int32], lines: [Int32], size: Int, scratch batchOf: inout [Int32]) -> [BatchPlan] {
        if batchOf.count == managers.count {
            for index in batchOf.indices { batchOf[index] = -1 }
        } else {
            batchOf = [Int32](repeating: -1, count: managers.count)
        }
        var plans: [BatchPlan] = []
        var lastBarrier = 0
        var start = 0
        while start < order.count {
            let end = min(start + size, order.count)
            let batch = plans.count
            var newestManagerBatch = -1
            for position in start..<end {
                let record = Int(order[position])
                batchOf[record] = Int32(batch)
                let manager = Int(managers[record])
                if manager >= 0, batchOf[manager] >= 0, Int(batchOf[manager]) < batch {
                    newestManagerBatch = max(newestManagerBatch, Int(batchOf[manager]))
                }
            }
            let barrier = newestManagerBatch >= lastBarrier
            if barrier { lastBarrier = batch }
            let firstLine = (start..<end).map { Int(lines[Int(order[$0])]) }.filter { $0 > 0 }.min() ?? 0
            plans.append(BatchPlan(index: batch + 1, range: start..<end, firstLine: firstLine, waitForEarlierBatches: barrier))
            start = end
        }
        return plans
    }
}
