/// Finds a pattern in a text left to right, without overlaps (as .NET's `Replace`, `Split` and `InStr` find it), in
/// time proportional to both lengths (Knuth–Morris–Pratt): a hostile cell and pattern (`aaaa…` and `aaa…ab`) cannot
/// make it quadratic, as comparing at every position did.
struct SubsequenceSearch<Element: Equatable> {
    let pattern: [Element]
    /// For each prefix of the pattern, the length of its longest proper prefix that is also its suffix.
    private let fallback: [Int]

    init(_ pattern: [Element]) {
        self.pattern = pattern
        var fallback = [Int](repeating: 0, count: pattern.count)
        var length = 0
        var index = 1
        while index < pattern.count {
            if pattern[index] == pattern[length] {
                length += 1
                fallback[index] = length
                index += 1
            } else if length > 0 {
                length = fallback[length - 1]
            } else {
                index += 1
            }
        }
        self.fallback = fallback
    }

    /// Calls `body` with the start of each occurrence in `text` from `start`, until it returns false. An empty
    /// pattern occurs nowhere.
    func forEach(in text: [Element], from start: Int = 0, _ body: (Int) throws -> Bool) rethrows {
        guard !pattern.isEmpty else { return }
        var matched = 0
        var index = start
        while index < text.count {
            if text[index] == pattern[matched] {
                matched += 1
                index += 1
                if matched == pattern.count {
                    guard try body(index - matched) else { return }
                    matched = 0
                }
            } else if matched > 0 {
                matched = fallback[matched - 1]
            } else {
                index += 1
            }
        }
    }

    /// The start of the first occurrence in `text` from `start`, or nil.
    func first(in text: [Element], from start: Int = 0) -> Int? {
        var found: Int?
        forEach(in: text, from: start) { position in
            found = position
            return false
        }
        return found
    }
}
