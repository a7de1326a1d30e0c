import Directory
import Export
import JSONDocument
import Mapping
import SCIM

/// One record's payload as the job writes it to the directory (`PlannedRecord`): each value that flows unchanged to
/// its target attribute, the targets the job clears because the record leaves them out (their source flows null
/// values), `active` and the manager reference. A value the job computes from the record by an expression is left
/// out: only the service knows what it writes.
struct RecordPlanner {
    let target: DirectoryTarget
    /// The mapping's attribute paths, each with the target it flows to unchanged.
    private let flowing: [(path: AttributePath, target: String, clears: Bool)]
    /// A record without `active` is disabled by the default mappings (`Switch([active], "False", …)`), unless the
    /// job's own mappings do not use it (`--allow-missing-active`).
    let missingActiveDisables: Bool

    private static let managerPath = AttributePath(
        schema: SCIMSchema.enterpriseUser, attribute: "manager", subAttribute: "value", valueType: .string)

    init(target: DirectoryTarget, paths: [AttributePath], allowMissingActive: Bool) {
        self.target = target
        flowing = paths.compactMap { path in
            guard let name = target.flows.target(of: path), target.flows.flowsUnchanged(path) else { return nil }
            return (path, name, target.flows.clearsWhenLeftOut(path))
        }
        missingActiveDisables = !allowMissingActive
    }

    func record(externalId: String, payload bytes: [UInt8], sentBefore: Bool) -> PlannedRecord {
        let payload = SCIMPayload(bytes)
        var values: [String: String?] = [:]
        for (path, name, clears) in flowing {
            switch payload?.value(at: path) {
            case nil: if clears { values[name] = .some(nil) }
            case .null?: values[name] = .some(nil)
            case let value?: values[name] = Self.text(value)
            }
        }
        var active = payload?.object["active"]?.boolValue
        if active == nil, missingActiveDisables { active = false }
        return PlannedRecord(
            externalId: externalId, values: values, active: active,
            manager: payload?.value(at: Self.managerPath)?.stringValue, sentBefore: sentBefore)
    }

    /// A value as the job writes it: text as it is, `True`/`False`, a number's text.
    static func text(_ value: JSON) -> String? {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "True" : "False"
        case .number(let text): text
        default: nil
        }
    }
}
