/// Per-record facts kept for the whole run, as compact parallel arrays: a million records must fit, with everything
/// else, in 64 MB (docs/benchmarks.md). Every row with an externalId is indexed, valid or not, so duplicates are found
/// and managers resolved.
public struct RecordIndex: Sendable {
    /// The externalIds, back to back as UTF-8, and where each ends.
    private var idBytes: [UInt8] = []
    private var idEnds: [UInt32] = []
    public private(set) var lines: [Int32] = []
    /// Spool offset of the encoded record, or -1 when the row is invalid (not sent).
    public private(set) var offsets: [Int64] = []
    public private(set) var lengths: [UInt32] = []
    /// Index of the manager's record, -1 when there is none in the file.
    public internal(set) var managers: [Int32] = []
    private var table = IdentifierTable()
    /// Managers named before their own row was seen: resolved at `finish()`.
    private var pendingManagers: [(record: Int32, managerId: String)] = []

    public init() {}

    public var count: Int { idEnds.count }
    public func isValid(_ record: Int) -> Bool { offsets[record] >= 0 }
    public var externalIds: ExternalIdList { ExternalIdList(bytes: idBytes, ends: idEnds) }

    public func position(of externalId: String) -> Int? { table.find(externalId, in: externalIds).map(Int.init) }

    /// Makes room for about `count` records at once, so growing by doubling does not briefly hold two copies.
    mutating func reserve(records count: Int, idBytes bytes: Int) {
        idBytes.reserveCapacity(bytes)
        idEnds.reserveCapacity(count)
        lines.reserveCapacity(count)
        offsets.reserveCapacity(count)
        lengths.reserveCapacity(count)
        managers.reserveCapacity(count)
        table.reserve(count, keys: externalIds)
    }

    /// The line of the earlier record with this externalId, if any.
    func duplicateLine(of externalId: String) -> Int? {
        table.find(externalId, in: externalIds).map { Int(lines[Int($0)]) }
    }

    /// Adds a record whose externalId is not yet present (check `duplicateLine` first).
    mutating func add(externalId: String, line: Int, offset: Int64, length: Int, managerId: String?) {
        let index = Int32(count)
        idBytes.append(contentsOf: externalId.utf8)
        idEnds.append(UInt32(idBytes.count))
        table.insert(index, in: externalIds)
        lines.append(Int32(clamping: line))
        offsets.append(offset)
        lengths.append(UInt32(clamping: length))
        if let managerId, let manager = table.find(managerId, in: externalIds) {
            managers.append(manager)
        } else {
            managers.append(-1)
            if let managerId { pendingManagers.append((index, managerId)) }
        }
    }

    /// Resolves forward manager references; returns those still unresolved (not in the file).
    mutating func finish() -> [(record: Int, managerId: String)] {
        var missing: [(Int, String)] = []
        for (record, managerId) in pendingManagers {
            if let manager = table.find(managerId, in: externalIds) { managers[Int(record)] = manager } else { missing.append((Int(record), managerId)) }
        }
        pendingManagers = []
        return missing
    }

    /// Frees the externalId look-up table once nothing needs to find records by id (before ordering, the peak).
    mutating func dropLookup() { table = IdentifierTable(capacity: 0) }
}

/// The externalIds of a `RecordIndex`, read by record index.
public struct ExternalIdList: Sendable {
    let bytes: [UInt8]
    let ends: [UInt32]

    public var count: Int { ends.count }

    public subscript(record: Int) -> String {
        String(decoding: utf8(record), as: UTF8.self)
    }

    func utf8(_ record: Int) -> ArraySlice<UInt8> {
        let start = record == 0 ? 0 : Int(ends[record - 1])
        return bytes[start..<Int(ends[record])]
    }
}

/// externalId → record index, as an open-addressing table of indices (4 bytes a slot, load at most one half).
struct IdentifierTable: Sendable {
    private var slots: [Int32]
    private var used = 0

    init(capacity: Int = 1024) { slots = [Int32](repeating: -1, count: capacity) }

    mutating func reserve(_ count: Int, keys: ExternalIdList) {
        var size = max(1024, slots.count)
        while size < count * 2 { size *= 2 }
        if size > slots.count { rehash(to: size, keys: keys) }
    }

    func find(_ key: String, in keys: ExternalIdList) -> Int32? {
        guard !slots.isEmpty else { return nil }
        var copy = key
        return copy.withUTF8 { utf8 -> Int32? in
            let mask = slots.count - 1
            var slot = Self.hash(utf8) & mask
            while true {
                let index = slots[slot]
                if index < 0 { return nil }
                if keys.utf8(Int(index)).elementsEqual(utf8) { return index }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Inserts `index`, whose key `keys[index]` is not yet present.
    mutating func insert(_ index: Int32, in keys: ExternalIdList) {
        if (used + 1) * 2 > slots.count { rehash(to: max(1024, slots.count * 2), keys: keys) }
        place(index, hash: keys.utf8(Int(index)).withUnsafeBufferPointer { Self.hash($0) })
        used += 1
    }

    private mutating func place(_ index: Int32, hash: Int) {
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = index
    }

    private mutating func rehash(to size: Int, keys: ExternalIdList) {
        let old = slots
        slots = [Int32](repeating: -1, count: size)
        for index in old where index >= 0 {
            place(index, hash: keys.utf8(Int(index)).withUnsafeBufferPointer { Self.hash($0) })
        }
    }

    /// FNV-1a, 64-bit: stable, fast on short ids, and good enough spread for linear probing.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: value ^ (value >> 29))
    }
}
