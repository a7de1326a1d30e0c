/// Orders records so that managers are sent before the people who report to them: the service resolves a manager
/// reference only against users it has already processed (docs/service.md, "How the service treats records"). Records
/// are ordered by depth in the reporting tree, input order within a depth.
package enum ReportingOrder {
    package struct Result: Sendable {
        /// Record indices (valid records only) in send order.
        package let order: [Int32]
        /// Each reporting cycle found, as record indices in chain order; it was broken at its first record in input
        /// order.
        package let cycles: [[Int]]
    }

    /// `managers[i]` is the record index of i's manager or -1; only records where `isValid` holds are ordered, and a
    /// manager that is not valid counts as absent.
    package static func compute(count: Int, managers: [Int32], isValid: (Int) -> Bool) -> Result {
        var scratch: [Int32] = []
        return compute(count: count, managers: managers, isValid: isValid, scratch: &scratch)
    }

    /// The same, with the depth buffer supplied by the caller so that it can be reused afterwards (memory at a
    /// million records is the limit that matters here).
    static func compute(count: Int, managers: [Int32], isValid: (Int) -> Bool, scratch depth: inout [Int32]) -> Result {
        // Cycles are broken by cutting one link each; the cuts are kept aside rather than in a copy of `managers`.
        var cut: Set<Int> = []
        depth = [Int32](repeating: -1, count: count)
        var onPath = [Bool](repeating: false, count: count)
        var cycles: [[Int]] = []
        var path: [Int] = []
        for start in 0..<count where isValid(start) && depth[start] < 0 {
            // Walk up the chain until a record with a known depth or a root; iterative so a long chain cannot overflow
            // the stack.
            var current = start
            var base: Int32 = -1
            path.removeAll(keepingCapacity: true)
            while true {
                if depth[current] >= 0 {
                    base = depth[current]
                    break
                }
                if onPath[current] {
                    let cycle = Array(path[path.firstIndex(of: current)!...])
                    cycles.append(cycle)
                    cut.insert(cycle.min()!)
                    // Re-walk from the start with the cycle broken.
                    for record in path { onPath[record] = false }
                    path.removeAll(keepingCapacity: true)
                    current = start
                    continue
                }
                onPath[current] = true
                path.append(current)
                let next = cut.contains(current) ? -1 : Int(managers[current])
                if next < 0 || !isValid(next) { break }
                current = next
            }
            for record in path.reversed() {
                base += 1
                depth[record] = base
                onPath[record] = false
            }
        }
        // Counting sort by depth keeps input order within a depth.
        let maxDepth = Int(depth.max() ?? 0)
        var counts = [Int](repeating: 0, count: maxDepth + 2)
        for record in 0..<count where depth[record] >= 0 { counts[Int(depth[record]) + 1] += 1 }
        for level in 1..<counts.count { counts[level] += counts[level - 1] }
        var order = [Int32](repeating: 0, count: counts.last ?? 0)
        for record in 0..<count where depth[record] >= 0 {
            let level = Int(depth[record])
            order[counts[level]] = Int32(record)
            counts[level] += 1
        }
        return Result(order: order, cycles: cycles)
    }
}
