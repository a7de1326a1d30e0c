/// Per-record facts kept for the whole run, as parallel arrays (a million records must fit in tens of megabytes):
/// every row with an externalId is indexed, valid or not, so duplicates are found and managers resolved.
public struct RecordIndex: Sendable {
    public private(set) var externalIds: [String] = []
    public private(set) var lines: [Int32] = []
    /// Spool offset of the encoded record, or -1 when the row is invalid (not sent).
    public private(set) var offsets: [Int64] = []
    public private(set) var lengths: [Int32] = []
    /// Index of the manager's record, -1 when there is none in the file.
    public internal(set) var managers: [Int32] = []
    private var positions = IdentifierTable()
    /// Managers named before their own row was seen: resolved at `finish()`.
    private var pendingManagers: [(record: Int32, managerId: String)] = []

    public init() {}

    public var count: Int { externalIds.count }
    public func isValid(_ record: Int) -> Bool { offsets[record] >= 0 }
    public func position(of externalId: String) -> Int? { positions.find(externalId, in: externalIds).map(Int.init) }

    /// Adds a record; returns nil, or the line of the earlier record with the same externalId (then nothing is added).
    mutating func add(externalId: String, line: Int, offset: Int64, length: Int, managerId: String?) -> Int? {
        if let existing = positions.find(externalId, in: externalIds) { return Int(lines[Int(existing)]) }
        let index = Int32(externalIds.count)
        externalIds.append(externalId)
        positions.insert(index, in: externalIds)
        lines.append(Int32(clamping: line))
        offsets.append(offset)
        lengths.append(Int32(clamping: length))
        if let managerId {
            if let manager = positions.find(managerId, in: externalIds) { managers.append(manager) } else {
                managers.append(-1)
                pendingManagers.append((index, managerId))
            }
        } else {
            managers.append(-1)
        }
        return nil
    }

    /// Resolves forward manager references; returns those still unresolved (not in the file).
    mutating func finish() -> [(record: Int, managerId: String)] {
        var missing: [(Int, String)] = []
        for (record, managerId) in pendingManagers {
            if let manager = positions.find(managerId, in: externalIds) { managers[Int(record)] = manager } else { missing.append((Int(record), managerId)) }
        }
        pendingManagers = []
        return missing
    }
}

/// externalId → record index, as an open-addressing table of indices into the `externalIds` array: 4 bytes a slot
/// instead of a Dictionary's key copy and value (a million people in 8 MB rather than ~40 MB; docs/benchmarks.md).
struct IdentifierTable: Sendable {
    private var slots = [Int32](repeating: -1, count: 1024)
    private var count = 0

    func find(_ key: String, in keys: [String]) -> Int32? {
        let mask = slots.count - 1
        var slot = key.hashValue & mask
        while true {
            let index = slots[slot]
            if index < 0 { return nil }
            if keys[Int(index)] == key { return index }
            slot = (slot + 1) & mask
        }
    }

    /// Inserts `index` (whose key is `keys[index]`, not yet present); keeps the load at or below one half.
    mutating func insert(_ index: Int32, in keys: [String]) {
        if (count + 1) * 2 > slots.count { grow(keys) }
        place(index, key: keys[Int(index)])
        count += 1
    }

    private mutating func place(_ index: Int32, key: String) {
        let mask = slots.count - 1
        var slot = key.hashValue & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = index
    }

    private mutating func grow(_ keys: [String]) {
        let old = slots
        slots = [Int32](repeating: -1, count: old.count * 2)
        for index in old where index >= 0 { place(index, key: keys[Int(index)]) }
    }
}
