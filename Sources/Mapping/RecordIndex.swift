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
    private var positions: [String: Int32] = [:]
    /// Managers named before their own row was seen: resolved at `finish()`.
    private var pendingManagers: [(record: Int32, managerId: String)] = []

    public init() {}

    public var count: Int { externalIds.count }
    public func isValid(_ record: Int) -> Bool { offsets[record] >= 0 }
    public func position(of externalId: String) -> Int? { positions[externalId].map(Int.init) }

    /// Adds a record; returns nil, or the line of the earlier record with the same externalId (then nothing is added).
    mutating func add(externalId: String, line: Int, offset: Int64, length: Int, managerId: String?) -> Int? {
        if let existing = positions[externalId] { return Int(lines[Int(existing)]) }
        let index = Int32(externalIds.count)
        positions[externalId] = index
        externalIds.append(externalId)
        lines.append(Int32(clamping: line))
        offsets.append(offset)
        lengths.append(Int32(clamping: length))
        if let managerId {
            if let manager = positions[managerId] { managers.append(manager) } else {
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
            if let manager = positions[managerId] { managers[Int(record)] = manager } else { missing.append((Int(record), managerId)) }
        }
        pendingManagers = []
        return missing
    }
}
