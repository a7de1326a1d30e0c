/// "Did you mean" suggestions: the candidate nearest by edit distance, if it is near enough to be a likely typo.
package enum ClosestMatch {
    package static func find(_ word: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased().utf8)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased().utf8))
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        guard let best else { return nil }
        // Allow roughly one edit in three characters, and always at least two.
        if best.distance <= max(2, target.count / 3) { return best.candidate }
        // An abbreviation ("First" for "FirstName") is a likely slip too, when only one candidate fits.
        let lowered = word.lowercased()
        let containing = candidates.filter { lowered.count >= 3 && $0.lowercased().contains(lowered) }
        return containing.count == 1 ? containing[0] : nil
    }

    /// Levenshtein distance, case-insensitive.
    package static func distance(_ a: String, _ b: String) -> Int {
        editDistance(Array(a.lowercased().utf8), Array(b.lowercased().utf8))
    }

    /// Levenshtein distance over bytes.
    private static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
