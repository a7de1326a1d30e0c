/// Per-record facts kept for the whole run, as compact parallel arrays: a million records must fit, with everything
/// else, in 64 MB (docs/benchmarks.md). Every row with an externalId is indexed, valid or not, so duplicates are found
/// and managers resolved.
package struct RecordIndex: Sendable {
    /// The externalIds, back to back as UTF-8, and where each ends.
    private var idBytes: [UInt8] = []
    private var idEnds: [UInt32] = []
    package private(set) var lines: [Int32] = []
    /// Each record's payload size in the spool (0 for an invalid row), and the spool offset of every 64th record:
    /// a record's offset is its checkpoint plus the sizes before it (4 bytes a record instead of 8).
    private var lengths: [UInt32] = []
    private var checkpoints: [Int64] = []
    /// One bit per record: valid (spooled, to be sent).
    private var validBits: [UInt64] = []
    /// One bit per record: its payload turns the account off (`active` false, or missing where the default mapping
    /// then disables), for the disable brake.
    private var inactiveBits: [UInt64] = []
    /// The spool size after the last record, the end of the last payload.
    private var spoolEnd: Int64 = 0
    /// Index of the manager's record, -1 when there is none in the file.
    package internal(set) var managers: [Int32] = []
    private var table = IdentifierTable()
    /// Managers named before their own row was seen: resolved at `finish()`.
    private var pendingManagers: [(record: Int32, managerId: String)] = []

    package init() {}

    package var count: Int { idEnds.count }
    package func isValid(_ record: Int) -> Bool { validBits[record >> 6] & (1 << UInt64(record & 63)) != 0 }
    /// The record is sent with `active: false` (or without `active`, which the default mapping turns into false).
    package func sendsInactive(_ record: Int) -> Bool {
        inactiveBits[record >> 6] & (1 << UInt64(record & 63)) != 0
    }

    /// Where the record's payload lies in the spool (empty for an invalid row).
    package func payloadRange(_ record: Int) -> (offset: Int64, length: Int) {
        var offset = checkpoints[record >> 6]
        for earlier in (record & ~63)..<record { offset += Int64(lengths[earlier]) }
        return (offset, Int(lengths[record]))
    }
    package var externalIds: ExternalIdList { ExternalIdList(bytes: idBytes, ends: idEnds) }

    package func position(of externalId: String) -> Int? { table.find(externalId, in: externalIds).map(Int.init) }

    /// Makes room for about `count` records at once, so growing by doubling does not briefly hold two copies.
    mutating func reserve(records count: Int, idBytes bytes: Int) {
        idBytes.reserveCapacity(bytes)
        idEnds.reserveCapacity(count)
        lines.reserveCapacity(count)
        lengths.reserveCapacity(count)
        checkpoints.reserveCapacity(count / 64 + 1)
        validBits.reserveCapacity(count / 64 + 1)
        inactiveBits.reserveCapacity(count / 64 + 1)
        managers.reserveCapacity(count)
        table.reserve(count, keys: externalIds)
    }

    /// The line of the earlier record with this externalId, if any.
    func duplicateLine(of externalId: String) -> Int? {
        table.find(externalId, in: externalIds).map { Int(lines[Int($0)]) }
    }

    /// Adds a record whose externalId is not yet present (check `duplicateLine` first). Records are added in spool
    /// order: `offset` is where this record's payload starts (the spool's size when it has none), `length` its size.
    mutating func add(
        externalId: String, line: Int, offset: Int64, length: Int, managerId: String?, inactive: Bool = false
    ) {
        let index = Int32(count)
        idBytes.append(contentsOf: externalId.utf8)
        idEnds.append(UInt32(idBytes.count))
        table.insert(index, in: externalIds)
        lines.append(Int32(clamping: line))
        precondition(offset == spoolEnd, "records are added in spool order, without gaps")
        lengths.append(UInt32(length))
        spoolEnd = offset + Int64(length)
        if index & 63 == 0 {
            validBits.append(0)
            inactiveBits.append(0)
            checkpoints.append(offset)
        }
        if length > 0 { validBits[Int(index >> 6)] |= 1 << UInt64(index & 63) }
        if inactive { inactiveBits[Int(index >> 6)] |= 1 << UInt64(index & 63) }
        if let managerId, let manager = table.find(managerId, in: externalIds) {
            managers.append(manager)
        } else {
            managers.append(-1)
            if let managerId { pendingManagers.append((index, managerId)) }
        }
    }

    /// Marks a valid record invalid (a row error found between the passes): it is no longer sent, and no longer
    /// counted by the disable brake. Its place in the spool stays, so the offsets of the others do not move.
    mutating func invalidate(_ record: Int) {
        validBits[record >> 6] &= ~(1 << UInt64(record & 63))
        inactiveBits[record >> 6] &= ~(1 << UInt64(record & 63))
    }

    /// Resolves forward manager references; returns those still unresolved (not in the file).
    mutating func finish() -> [(record: Int, managerId: String)] {
        var missing: [(Int, String)] = []
        for (record, managerId) in pendingManagers {
            if let manager = table.find(managerId, in: externalIds) {
                managers[Int(record)] = manager
            } else {
                missing.append((Int(record), managerId))
            }
        }
        pendingManagers = []
        return missing
    }

    /// Frees the externalId look-up table once nothing needs to find records by id (before ordering, the peak).
    mutating func dropLookup() { table = IdentifierTable(capacity: 0) }
}

/// The externalIds of a `RecordIndex`, read by record index.
package struct ExternalIdList: Sendable {
    let bytes: [UInt8]
    let ends: [UInt32]

    package var count: Int { ends.count }

    package subscript(record: Int) -> String {
        String(decoding: utf8(record), as: UTF8.self)
    }

    func utf8(_ record: Int) -> ArraySlice<UInt8> {
        let start = record == 0 ? 0 : Int(ends[record - 1])
        return bytes[start..<Int(ends[record])]
    }
}

/// externalId → record index, as an open-addressing table of indices (4 bytes a slot, load at most two thirds).
struct IdentifierTable: Sendable {
    private var slots: [Int32]
    private var used = 0

    init(capacity: Int = 1024) { slots = [Int32](repeating: -1, count: capacity) }

    mutating func reserve(_ count: Int, keys: ExternalIdList) {
        let size = count * 3 / 2 + 1
        if size > slots.count { rehash(to: size, keys: keys) }
    }

    func find(_ key: String, in keys: ExternalIdList) -> Int32? {
        guard !slots.isEmpty else { return nil }
        var copy = key
        return copy.withUTF8 { utf8 -> Int32? in
            var slot = Self.hash(utf8) % slots.count
            while true {
                let index = slots[slot]
                if index < 0 { return nil }
                if keys.utf8(Int(index)).elementsEqual(utf8) { return index }
                slot = slot + 1 == slots.count ? 0 : slot + 1
            }
        }
    }

    /// Inserts `index`, whose key `keys[index]` is not yet present. Keeps the load at or below two thirds.
    mutating func insert(_ index: Int32, in keys: ExternalIdList) {
        if (used + 1) * 3 > slots.count * 2 { rehash(to: max(1024, slots.count * 2), keys: keys) }
        place(index, hash: keys.utf8(Int(index)).withUnsafeBufferPointer { Self.hash($0) })
        used += 1
    }

    private mutating func place(_ index: Int32, hash: Int) {
        var slot = hash % slots.count
        while slots[slot] >= 0 { slot = slot + 1 == slots.count ? 0 : slot + 1 }
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
        return Int(truncatingIfNeeded: (value ^ (value >> 29)) & 0x7FFF_FFFF_FFFF_FFFF)
    }
}
