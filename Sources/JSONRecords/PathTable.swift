/// The dotted paths of a file's records, each built once and shared by every record that has it: records of one
/// export repeat the same keys in the same order, so a key is matched by comparing its bytes with the key that
/// followed the previous one last time (one `memcmp`), and a `String` for its path is made only the first time.
///
/// Node 0 is the record itself (path ""). Memory stays bounded: past `maxNodes` (a file whose every record has new
/// keys) the table starts again between two records.
struct PathTable {
    static let maxNodes = 65_536

    private(set) var parents: [Int32] = [-1]
    private var keyStarts: [Int32] = [0]
    private var keyLengths: [Int32] = [0]
    private var keyBytes: [UInt8] = []
    /// For array elements: the index; -1 for object members.
    private var indexes: [Int32] = [-1]
    /// Whether the node's dotted path cannot be read back as a JSON path unambiguously (a key with a dot, or made of
    /// digits, on it or above it).
    private(set) var special: [Bool] = [false]
    private(set) var paths: [String] = [""]
    /// The child found first in the node last time, and the sibling found after each node last time.
    private var firstGuess: [Int32] = [-1]
    private var nextGuess: [Int32] = [-1]
    /// The record serial that last had each node: a second sight in one record is a duplicate key.
    var seen: [UInt32] = [0]
    private var lookup: [ChildKey: Int32] = [:]

    private struct ChildKey: Hashable {
        let parent: Int32
        let index: Int32
        let key: [UInt8]
    }

    var count: Int { parents.count }

    mutating func resetIfLarge() {
        if parents.count > Self.maxNodes { self = PathTable() }
    }

    /// The child of `parent` named by `key` (an object member); `previous` is the sibling matched just before in the
    /// same object (-1 for the first member). Throws `pathTooLong` (via `tooLong`) when the path would exceed `limit`.
    @inline(__always)
    mutating func member(
        of parent: Int32, previous: Int32, key: UnsafeBufferPointer<UInt8>, limit: Int
    ) -> Int32? {
        let guess = previous < 0 ? firstGuess[Int(parent)] : nextGuess[Int(previous)]
        if guess >= 0, indexes[Int(guess)] < 0, keyLengths[Int(guess)] == key.count,
            matches(guess, key)
        {
            return guess
        }
        return slowMember(of: parent, previous: previous, key: key, limit: limit)
    }

    /// The element `index` of the array node `parent`; `previous` is element `index - 1` (-1 for the first).
    @inline(__always)
    mutating func element(of parent: Int32, previous: Int32, index: Int32, limit: Int) -> Int32? {
        let guess = previous < 0 ? firstGuess[Int(parent)] : nextGuess[Int(previous)]
        if guess >= 0, indexes[Int(guess)] == index { return guess }
        let digits = Array(String(index).utf8)
        let found = digits.withUnsafeBufferPointer { find(parent: parent, index: index, key: $0, limit: limit) }
        guard let found else { return nil }
        remember(found, parent: parent, previous: previous)
        return found
    }

    /// Byte by byte: keys are short, and a call to `memcmp` cost more than the comparison in the profile.
    @inline(__always)
    private func matches(_ node: Int32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        keyBytes.withUnsafeBufferPointer { stored in
            let start = Int(keyStarts[Int(node)])
            for index in 0..<key.count where stored[start + index] != key[index] { return false }
            return true
        }
    }

    @inline(never)
    private mutating func slowMember(
        of parent: Int32, previous: Int32, key: UnsafeBufferPointer<UInt8>, limit: Int
    ) -> Int32? {
        guard let found = find(parent: parent, index: -1, key: key, limit: limit) else { return nil }
        remember(found, parent: parent, previous: previous)
        return found
    }

    private mutating func remember(_ node: Int32, parent: Int32, previous: Int32) {
        if previous < 0 { firstGuess[Int(parent)] = node } else { nextGuess[Int(previous)] = node }
    }

    /// Looks the child up, adding it when new; nil when its path would be longer than `limit` bytes.
    private mutating func find(parent: Int32, index: Int32, key: UnsafeBufferPointer<UInt8>, limit: Int) -> Int32? {
        let lookupKey = ChildKey(parent: parent, index: index, key: Array(key))
        if let known = lookup[lookupKey] { return known }
        let parentPath = paths[Int(parent)]
        let name = String(decoding: key, as: UTF8.self)
        let path = parentPath.isEmpty ? name : parentPath + "." + name
        guard path.utf8.count <= limit else { return nil }
        let node = Int32(parents.count)
        parents.append(parent)
        keyStarts.append(Int32(keyBytes.count))
        keyLengths.append(Int32(key.count))
        keyBytes.append(contentsOf: key)
        indexes.append(index)
        let digitsOnly = !key.isEmpty && key.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        special.append(special[Int(parent)] || (index < 0 && (key.contains(0x2E) || digitsOnly)))
        paths.append(path)
        firstGuess.append(-1)
        nextGuess.append(-1)
        seen.append(0)
        lookup[lookupKey] = node
        return node
    }

    /// How many keys and indexes lead from the record to `node`.
    func depth(of node: Int32) -> Int {
        var depth = 0
        var current = node
        while current > 0 {
            depth += 1
            current = parents[Int(current)]
        }
        return depth
    }

    /// Whether the node is an object member whose key holds a dot.
    func hasDottedKey(_ node: Int32) -> Bool {
        indexes[Int(node)] < 0
            && keyBytes[Int(keyStarts[Int(node)])..<Int(keyStarts[Int(node)] + keyLengths[Int(node)])]
                .contains(0x2E)
    }

    /// The JSON path of `node` below the record at `base`: `$.Report_Entry[2].phones[0].number`.
    func jsonPath(of node: Int32, base: String) -> String {
        var segments: [String] = []
        var current = node
        while current > 0 {
            let index = Int(current)
            if indexes[index] >= 0 {
                segments.append("[\(indexes[index])]")
            } else {
                let start = Int(keyStarts[index])
                let name = String(decoding: keyBytes[start..<start + Int(keyLengths[index])], as: UTF8.self)
                segments.append(JSONPathText.member(name))
            }
            current = parents[index]
        }
        return base + segments.reversed().joined()
    }
}
