/// How the ordered records are cut into requests.
package struct BatchPlan: Sendable, Equatable {
    package let index: Int
    /// Range into `BatchedExport.order`.
    package let range: Range<Int>
    package let firstLine: Int
    /// The newest earlier batch (its `index`) holding a manager of one of this batch's records: this batch must not
    /// start before every batch up to that one has finished (managers first, docs/service.md, "How the service treats
    /// records"). Nil: no such batch. Waiting for the batches that hold the managers, not for every earlier batch,
    /// keeps the pipeline full: in a reporting tree those batches went out long before (a barrier on every earlier
    /// batch cost one round trip per level of the tree, docs/benchmarks.md).
    package let waitsForBatchesThrough: Int?

    package var recordCount: Int { range.count }

    /// Cuts `order` into batches of `size`, each naming the newest earlier batch its managers are in.
    package static func make(order: [Int32], managers: [Int32], lines: [Int32], size: Int) -> [BatchPlan] {
        var scratch: [Int32] = []
        return make(order: order, managers: managers, lines: lines, size: size, scratch: &scratch)
    }

    /// The same, reusing `scratch` (e.g. the ordering's depth buffer) for the batch of each record.
    static func make(order: [Int32], managers: [Int32], lines: [Int32], size: Int, scratch batchOf: inout [Int32])
        -> [BatchPlan]
    {
        if batchOf.count == managers.count {
            for index in batchOf.indices { batchOf[index] = -1 }
        } else {
            batchOf = [Int32](repeating: -1, count: managers.count)
        }
        var plans: [BatchPlan] = []
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
            let firstLine = (start..<end).map { Int(lines[Int(order[$0])]) }.filter { $0 > 0 }.min() ?? 0
            plans.append(
                BatchPlan(
                    index: batch + 1, range: start..<end, firstLine: firstLine,
                    waitsForBatchesThrough: newestManagerBatch >= 0 ? newestManagerBatch + 1 : nil))
            start = end
        }
        return plans
    }
}
