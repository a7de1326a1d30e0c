/// Finds every occurrence of any of a set of byte strings in one pass (Aho–Corasick): time linear in the text plus
/// the matches, whatever the text holds, and memory linear in the patterns. Built once per set of secrets.
final class SecretAutomaton: Sendable {
    /// The root's transitions, one per byte (-1: back to the root).
    private let rootNext: [Int32]
    /// Every other state's transitions, as (byte, state) pairs: most states of long random secrets have one.
    private let edges: [[(UInt8, Int32)]]
    /// Where to continue when a byte has no transition.
    private let failure: [Int32]
    /// The length of the longest pattern ending in this state (through failure links too); 0 when none does.
    private let longest: [Int32]
    /// The length of the longest pattern.
    let longestPattern: Int

    init(_ patterns: [[UInt8]]) {
        var edges: [[(UInt8, Int32)]] = [[]]
        var own: [Int32] = [0]
        for pattern in patterns where !pattern.isEmpty {
            var state: Int32 = 0
            for byte in pattern {
                if let next = edges[Int(state)].first(where: { $0.0 == byte })?.1 {
                    state = next
                } else {
                    edges.append([])
                    own.append(0)
                    let next = Int32(edges.count - 1)
                    edges[Int(state)].append((byte, next))
                    state = next
                }
            }
            own[Int(state)] = max(own[Int(state)], Int32(pattern.count))
        }
        var rootNext = [Int32](repeating: -1, count: 256)
        for (byte, next) in edges[0] { rootNext[Int(byte)] = next }
        // Failure links breadth first: a state's failure is the longest proper suffix of its path that is a prefix.
        var failure = [Int32](repeating: 0, count: edges.count)
        var longest = own
        var queue = edges[0].map(\.1)
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (byte, child) in edges[Int(state)] {
                var fallback = failure[Int(state)]
                var target: Int32 = -1
                while true {
                    target = Self.step(fallback, byte, rootNext, edges)
                    if target >= 0 || fallback == 0 { break }
                    fallback = failure[Int(fallback)]
                }
                let link = target >= 0 && target != child ? target : 0
                failure[Int(child)] = link
                longest[Int(child)] = max(longest[Int(child)], longest[Int(link)])
                queue.append(child)
            }
        }
        self.rootNext = rootNext
        self.edges = edges
        self.failure = failure
        self.longest = longest
        longestPattern = Int(own.max() ?? 0)
    }

    var isEmpty: Bool { edges.count == 1 }

    private static func step(_ state: Int32, _ byte: UInt8, _ rootNext: [Int32], _ edges: [[(UInt8, Int32)]]) -> Int32 {
        if state == 0 { return rootNext[Int(byte)] }
        for (edgeByte, next) in edges[Int(state)] where edgeByte == byte { return next }
        return -1
    }

    /// Calls `found` with the range of the longest pattern ending at each position where one ends, patterns shorter
    /// than `minimumLength` aside.
    func scan(_ bytes: [UInt8], minimumLength: Int = 1, _ found: (Range<Int>) -> Void) {
        guard !isEmpty else { return }
        var state: Int32 = 0
        for (index, byte) in bytes.enumerated() {
            while true {
                let next = Self.step(state, byte, rootNext, edges)
                if next >= 0 {
                    state = next
                    break
                }
                if state == 0 { break }
                state = failure[Int(state)]
            }
            let length = Int(longest[Int(state)])
            if length >= minimumLength, length > 0 { found((index + 1 - length)..<(index + 1)) }
        }
    }

    /// Whether any pattern of at least `minimumLength` bytes occurs in `bytes`.
    func occurs(in bytes: [UInt8], minimumLength: Int = 1) -> Bool {
        var seen = false
        scan(bytes, minimumLength: minimumLength) { _ in seen = true }
        return seen
    }
}
