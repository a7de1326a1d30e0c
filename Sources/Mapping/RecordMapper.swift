import CSV
import Expressions
import Foundation
import JSONDocument
import SCIM

/// Applies a `ColumnMapping` to rows and checks each resulting record on its own (checks that need the whole file,
/// such as duplicate externalIds and managers, are the `ExportReader`'s).
package final class RecordMapper {
    package let mapping: ColumnMapping
    /// `--empty-as-null`: a blank cell sends an explicit `null` (tenants using "clear attribute values";
    /// docs/service.md, "Multi-valued attributes, empty and null values").
    package let emptyAsNull: Bool
    let converter = ValueConverter()
    private static let managerPath = "\(SCIMSchema.enterpriseUser):manager.value"
    // Looked up once: `ColumnMapping.rule(for:)` renders every rule's path to a string, which per row cost ~10% of
    // a dry run (docs/benchmarks.md).
    private let externalIdRule: ValueRule?
    private let userNameRule: ValueRule?
    private let managerRule: ValueRule?
    /// The rules that write `userName` and the manager's value, in rule order (the last present one wins, as in
    /// `SCIMUser.set`).
    private let userNameRules: [Int]
    private let managerRules: [Int]
    private let activeRules: [Int]
    /// The rules whose expression is `SelectUniqueValue(…)`.
    package let uniqueRules: [Int]
    /// Rules whose value flows to an Entra attribute with limits (`EntraLimits`), with that attribute.
    private let limitedRules: [(rule: Int, target: String, check: EntraLimits.Check)]
    /// The flows are the default mappings, assumed offline: a value without an @ for the user principal name is a
    /// warning (the job may build the UPN by an expression), not a row error.
    private let assumedFlows: Bool
    /// `userName` is checked as a user principal name (so the looser shape warning would only repeat it).
    private let userNameIsUPN: Bool
    private var encoder: PayloadEncoder
    /// `Now()` in expressions: one instant for the whole run, so every row sees the same time.
    let now: ExpressionDate
    let expressionCache = ExpressionCache()
    /// The row's share of `ExpressionLimits`, reset for each row.
    let expressionBudget: ExpressionBudget

    /// `now` is what `Now()` gives in the mapping's expressions (the start of the run); `flows` says which Entra
    /// attribute each SCIM attribute is written to, for the checks of Entra's limits; `limits` what each row's
    /// expressions may use.
    package init(
        mapping: ColumnMapping, emptyAsNull: Bool = false, now: Date = Date(),
        flows: AttributeFlows = .defaultMappings, limits: ExpressionLimits = .standard
    ) {
        self.mapping = mapping
        expressionBudget = ExpressionBudget(limits: limits)
        self.emptyAsNull = emptyAsNull
        self.now = ExpressionDate(now)
        externalIdRule = mapping.externalIdRule
        userNameRule = mapping.userNameRule
        managerRule = mapping.rule(for: Self.managerPath)
        let paths = mapping.rules.map(\.path)
        userNameRules = paths.indices.filter {
            paths[$0].addresses(schema: nil, attribute: "userName", subAttribute: nil)
        }
        managerRules = paths.indices.filter {
            paths[$0].addresses(schema: SCIMSchema.enterpriseUser, attribute: "manager", subAttribute: "value")
        }
        activeRules = paths.indices.filter { paths[$0].addresses(schema: nil, attribute: "active", subAttribute: nil) }
        uniqueRules = mapping.rules.indices.filter { index in
            if case .expression(let expression) = mapping.rules[index].source { return expression.selectsUniqueValue }
            return false
        }
        encoder = PayloadEncoder(paths: paths)
        limitedRules = paths.indices.compactMap { index in
            guard let target = flows.target(of: paths[index]), let check = EntraLimits.check(for: target) else {
                return nil
            }
            // UPN rules follow the job: a UPN built by an expression, or AD's, is not the value sent.
            if check == .userPrincipalName && !flows.userPrincipalNameRulesApply(to: paths[index]) { return nil }
            return (rule: index, target: target, check: check)
        }
        assumedFlows = !flows.fromJob
        let upnRules = limitedRules
        userNameIsUPN = userNameRules.contains { rule in upnRules.contains { $0.rule == rule } }
    }

    /// The record's `data` object as compact JSON, keys in canonical order (`SCIMUser.dataObject()`).
    package func data(of row: MappedRow) -> [UInt8] { encoder.encode(row.values) }

    /// Appends the record's `data` object to `writer` (a writer reused across records allocates nothing per record).
    package func encode(_ row: MappedRow, into writer: inout JSONWriter) { encoder.encode(row.values, into: &writer) }

    /// The record as a `SCIMUser` tree (for tests and tools; `data(of:)` is the fast path).
    package func user(of row: MappedRow) -> SCIMUser { encoder.user(row.values) }

    package func map(_ record: CSVRecord) -> MappedRow { map(InputRecord(record)) }

    /// Maps one record of any input (`RecordSource`); a JSON record's problems name its JSON path.
    package func map(_ record: InputRecord) -> MappedRow {
        expressionBudget.reset()
        var problems: [Problem] = []
        var values = [JSON?](repeating: nil, count: mapping.rules.count)
        let fields = record.fields
        let externalId = externalIdRule.flatMap { textValue(of: $0, fields: fields) }
        func problem(_ kind: String, _ column: String?, _ severity: Problem.Severity, _ message: String) {
            problems.append(
                Problem(
                    line: record.line, externalId: externalId, column: column, severity: severity, message: message,
                    kind: kind, jsonPath: record.jsonPath == nil ? nil : record.jsonPath(of: inputColumn(named: column))
                ))
        }
        guard fields.count == mapping.header.count else {
            problem(
                "raggedRow", nil, .error,
                "the row has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has "
                    + "\(mapping.header.count); check for an unquoted delimiter or a missing field"
            )
            return MappedRow(
                line: record.line, externalId: externalId, userName: nil, managerId: nil, values: values,
                problems: problems)
        }
        var unique: [RuleCandidates] = []
        for (index, rule) in mapping.rules.enumerated() {
            do {
                if !uniqueRules.isEmpty, uniqueRules.contains(index), case .expression(let expression) = rule.source {
                    let candidates = try candidates(of: expression, rule: rule, fields: fields)
                    if let first = candidates.first {
                        values[index] = .string(first)
                        unique.append(RuleCandidates(rule: index, candidates: candidates))
                    } else if emptyAsNull {
                        values[index] = .null
                    }
                    continue
                }
                if let value = try value(of: rule, fields: fields) {
                    values[index] = value
                    if let type = rule.path.entryType, type != "work", value != .null,
                        rule.path.subAttribute != "primary"
                    {
                        problem(
                            "ignoredEntryType", rule.problemColumn, .warning,
                            "a new job processes only \"work\" entries of \(rule.path.attribute); this \"\(type)\" "
                                + "entry is ignored unless the job's schema lists it (provision schema diff)"
                        )
                    }
                }
            } catch {
                if case .invalid(let reason) = error {
                    problem("invalidValue:\(rule.path)", rule.problemColumn, .error, reason)
                }
            }
        }
        let userName = userNameRules.last { values[$0] != nil }.flatMap { values[$0]?.stringValue }
        let managerId = managerRules.last { values[$0] != nil }.flatMap { values[$0]?.stringValue }
        // Only what is sent counts: the values after transforms and expressions; blank ones are omitted anyway.
        var refusedUPN = false
        var warned: Set<Int> = []
        func check(_ index: Int, _ target: String, _ check: EntraLimits.Check, _ text: String) {
            guard !text.isEmpty, let reason = EntraLimits.violation(of: text, check: check, target: target) else {
                return
            }
            let isUPN = check == .userPrincipalName
            refusedUPN = refusedUPN || isUPN
            if isUPN && assumedFlows && !text.utf8.contains(UInt8(ascii: "@")) {
                // Once per rule, for the first candidate that has no @ (the others are alike).
                guard warned.insert(index).inserted else { return }
                problem(
                    "userNameWithoutAt", mapping.rules[index].problemColumn, .warning,
                    "\(mapping.rules[index].path) \"\(text)\" has no @: under the default mappings, which send it "
                        + "unchanged to \(target), Entra refuses it and the record fails in the provisioning logs; "
                        + "fine only if the job's mapping builds \(target) by an expression (upload checks the job's "
                        + "schema; validate and plan take --schema FILE)")
                return
            }
            problem(
                isUPN ? "invalidUserPrincipalName" : "valueTooLong:\(target)", mapping.rules[index].problemColumn,
                .error, "\(reason) (\(mapping.rules[index].path) flows to Entra's \(target))")
        }
        // Per record, so no array is built here. A SelectUniqueValue rule's every candidate is checked: any of them
        // may be the one sent.
        for limited in limitedRules {
            if !unique.isEmpty, let choice = unique.first(where: { $0.rule == limited.rule }) {
                for candidate in choice.candidates { check(limited.rule, limited.target, limited.check, candidate) }
            } else if case .string(let text)? = values[limited.rule] {
                check(limited.rule, limited.target, limited.check, text)
            }
        }
        if externalId == nil {
            problem(
                "emptyExternalId", externalIdRule?.problemColumn ?? "externalId", .error,
                "externalId is empty; every record needs the HR system's unique id")
        }
        if userName == nil {
            problem(
                "emptyUserName", userNameRule?.problemColumn ?? "userName", .error,
                "userName is empty; Entra needs it for the user principal name")
        } else if let userName, userNameIsUPN, !refusedUPN, !Self.looksLikeUPN(userName) {
            problem(
                "userNameNotUPN", userNameRule?.problemColumn ?? "userName", .warning,
                "userName \"\(userName)\" is not shaped like name@domain; Entra may reject it as a user principal name")
        }
        if let managerId, let externalId, managerId == externalId {
            problem("managerIsSelf", managerRule?.problemColumn, .error, "the manager is the user itself")
        }
        var row = MappedRow(
            line: record.line, externalId: externalId, userName: userName, managerId: managerId, values: values,
            problems: problems)
        row.unique = unique
        if let rule = activeRules.last(where: { values[$0] != nil }), case .bool(let flag)? = values[rule] {
            row.active = flag
        }
        return row
    }

    /// The rule's value for this row: nil to omit the attribute (blank cell), `.null` with `--empty-as-null`.
    func value(of rule: ValueRule, fields: [String]) throws(ValueConverter.Failure) -> JSON? {
        if case .constant(let constant) = rule.source { return constant }
        if case .expression(let expression) = rule.source {
            return try value(of: expression, rule: rule, fields: fields)
        }
        let text = textValue(of: rule, fields: fields)
        if let lookup = rule.lookup {
            if let text, let mapped = lookup[ValueRule.lookupKey(text)] {
                return try converter.convert(mapped, to: rule.path.valueType, dateFormat: rule.dateFormat)
            }
            if let fallback = rule.lookupDefault { return fallback }
            guard let text else { return emptyAsNull ? .null : nil }
            throw .invalid(
                "\"\(text)\" is not in the lookup table (\(lookup.keys.sorted().joined(separator: ", "))) and there is "
                    + "no \"default\""
            )
        }
        guard let text else { return emptyAsNull ? .null : nil }
        return try converter.convert(text, to: rule.path.valueType, dateFormat: rule.dateFormat)
    }

    /// The transformed text of a column or template; nil when blank (a template is blank when any column it uses is).
    func textValue(of rule: ValueRule, fields: [String]) -> String? {
        var text: String
        switch rule.source {
        case .constant(let value):
            return value.stringValue
        case .column(let index, _):
            guard index < fields.count else { return nil }
            text = fields[index]
        case .expression(let expression):
            return (try? evaluate(expression, fields: fields))?.text.flatMap { TextOperations.isBlank($0) ? nil : $0 }
        case .template(let parts):
            text = ""
            for part in parts {
                switch part {
                case .text(let literal): text += literal
                case .column(let index, _):
                    guard index < fields.count, !TextOperations.isBlank(fields[index]) else { return nil }
                    text += fields[index]
                }
            }
        }
        if !rule.transforms.isEmpty { text = converter.applyTransforms(rule.transforms, to: text) }
        return TextOperations.isBlank(text) ? nil : text
    }

    /// The input column a problem's column names (`problemColumn` of a rule reading one column), for its JSON path.
    private func inputColumn(named problemColumn: String?) -> String? {
        guard let problemColumn else { return nil }
        for rule in mapping.rules where rule.problemColumn == problemColumn {
            let names = rule.columnNames
            return names.count == 1 ? names[0] : nil
        }
        return mapping.header.contains(problemColumn) ? problemColumn : nil
    }

    /// `name@domain.tld`: one @, something before it, a dot in the domain, no spaces.
    /// On UTF-8 bytes: Foundation's `contains(_: StringProtocol)` bridges to NSString and cost ~7% of a dry run.
    static func looksLikeUPN(_ text: String) -> Bool {
        let bytes = text.utf8
        guard !bytes.contains(0x20), let at = bytes.firstIndex(of: 0x40), at != bytes.startIndex else { return false }
        let domain = bytes[bytes.index(after: at)...]
        guard !domain.contains(0x40), let first = domain.first, let last = domain.last else { return false }
        return domain.contains(0x2E) && first != 0x2E && last != 0x2E
    }
}
