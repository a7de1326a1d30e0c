import Foundation

extension Processor {
    /// The properties whose value changed, as Graph's `modifiedProperties`.
    static func difference(old: [(String, String)], new: [(String, String)]) -> [ProvisioningLogRow.ModifiedProperty] {
        let previous = Dictionary(old, uniquingKeysWith: { _, last in last })
        var changes: [ProvisioningLogRow.ModifiedProperty] = []
        var seen: Set<String> = []
        for (name, value) in new where previous[name] != value && seen.insert(name).inserted {
            changes.append(.init(displayName: name, oldValue: previous[name], newValue: value))
        }
        return changes
    }
}
