import Directory
import Export
import Mapping
import SCIM

/// `SelectUniqueValue` between the two passes over an export: each rule's candidates (pass one) go through the
/// allocator (the Directory module's `UniqueValueAllocator`) against this file, the state and, when the caller read
/// it, the directory; each person's payload then carries the value they were given, and a row with no free
/// candidate is left out with a row error naming every candidate tried. Delta sync, the brakes and pass two see the
/// final payloads.
enum UniqueValuePlanner {
    /// One `SelectUniqueValue` rule of the mapping and the attribute it gives.
    struct Rule {
        let index: Int
        let path: AttributePath
        let attribute: UniqueAttribute
        let column: String
    }

    /// The export's `SelectUniqueValue` rules. A value that flows unchanged to userPrincipalName, mail or
    /// mailNickname of an Entra ID job is unique in the directory too; any other only in the file and the state.
    static func rules(of reading: SpooledExport, flows: AttributeFlows) -> [Rule] {
        reading.uniqueCandidates.rules.map { index in
            let rule = reading.mapping.rules[index]
            var property: DirectoryProperty?
            if flows.directory != .activeDirectory, flows.flowsUnchanged(rule.path),
                let target = flows.target(of: rule.path)
            {
                property = DirectoryProperty(target: target)
            }
            return Rule(
                index: index, path: rule.path,
                attribute: UniqueAttribute(name: rule.path.description, property: property), column: rule.problemColumn)
        }
    }

    /// The people of `rule`, in input order: each valid record with candidates.
    static func people(_ rule: Rule, reading: SpooledExport, matchingValue: (Int) -> String?) -> [(
        record: Int, person: UniqueCandidates
    )] {
        reading.uniqueCandidates.records.compactMap { record in
            let candidates = reading.uniqueCandidates.candidates(ofRule: rule.index, record: record)
            guard !candidates.isEmpty, reading.index.isValid(record) else { return nil }
            let id = reading.index.externalIds[record]
            return (
                record, UniqueCandidates(externalId: id, matchingValue: matchingValue(record), candidates: candidates)
            )
        }
    }

    /// The allocator of `rule`: the values the state remembers giving (`unique`), and the values people of the state
    /// were sent before (an earlier mapping's), which nobody else is given. A person whose earlier value is one of
    /// their candidates keeps it.
    static func allocator(_ rule: Rule, state: StateFile?, people: [UniqueCandidates]) -> UniqueValueAllocator {
        guard let state else { return UniqueValueAllocator(attribute: rule.attribute, remembered: [:]) }
        let candidates = Dictionary(people.map { ($0.externalId, $0.candidates) }) { first, _ in first }
        var remembered: [String: String] = [:]
        var held: [String: String] = [:]
        for (id, entry) in state.entries {
            if let value = entry.unique?[rule.attribute.name] {
                remembered[id] = value
                continue
            }
            guard case .string(let sent)? = SCIMPayload(entry.data)?.value(at: rule.path), !sent.isEmpty else {
                continue
            }
            let own = candidates[id] ?? []
            let same = { (candidate: String) in
                rule.attribute.property == nil ? candidate == sent : candidate.lowercased() == sent.lowercased()
            }
            if own.contains(where: same) { remembered[id] = sent } else { held[id] = sent }
        }
        return UniqueValueAllocator(attribute: rule.attribute, remembered: remembered, held: held)
    }

    /// Puts an allocation into the export: each value into its payload, a row error for each person with no free
    /// candidate, a warning for each one whose remembered value another object took since.
    static func apply(
        _ result: UniqueValueAllocator.Result, _ rule: Rule, people: [(record: Int, person: UniqueCandidates)],
        to reading: SpooledExport, outcome: inout UniqueValueOutcome
    ) throws(SyncError) {
        for ((record, person), allocation) in zip(people, result.allocations) {
            let line = Int(reading.index.lines[record])
            switch allocation {
            case .value(let value, let source, let replaced):
                do {
                    try reading.choose(value, rule: rule.index, record: record)
                } catch {
                    throw .cannotCreate("cannot write the export's temporary spool: \(error.localizedDescription)")
                }
                outcome.values[person.externalId, default: UniqueValues()][rule.attribute.name] = value
                if value != person.candidates.first {
                    let reason =
                        switch source {
                        case .candidate(let position): "candidate \(position): an earlier one is taken"
                        case .remembered:
                            outcome.fromPlan ? "as the approved plan gives it" : "the value an earlier run gave them"
                        case .account: "the value this person's account holds"
                        }
                    outcome.others.append(
                        .init(
                            externalId: person.externalId, line: line, attribute: rule.path.description, value: value,
                            reason: reason))
                }
                if let replaced {
                    reading.add(
                        Problem(
                            line: line, externalId: person.externalId, column: rule.column, severity: .warning,
                            message: "\(rule.path) '\(replaced)', which the state remembers giving this person, is "
                                + "now used by another object of the directory: they get '\(value)' instead (a "
                                + "rename)", kind: "uniqueValueReplaced"))
                }
            case .exhausted:
                outcome.exhausted += 1
                reading.exclude(
                    record: record,
                    problem: Problem(
                        line: line, externalId: person.externalId, column: rule.column, severity: .error,
                        message: allocation.message(attribute: rule.path.description) ?? "no free value",
                        kind: "noUniqueValue"))
            }
        }
    }

    /// Allocates every rule against the file and the state (the directory is not read), or takes the values of an
    /// approved plan (`decided`) where it has one. Nil when the mapping has no `SelectUniqueValue`.
    static func allocate(_ read: ExportReading, decided: [String: UniqueValues]?) throws(SyncError)
        -> UniqueValueOutcome?
    {
        let rules = rules(of: read.reading, flows: read.job.reader.flows)
        guard !rules.isEmpty else { return nil }
        var outcome = UniqueValueOutcome()
        outcome.attributes = rules.map(\.path.description)
        outcome.fromPlan = decided != nil
        for rule in rules {
            var people = people(rule, reading: read.reading) { _ in nil }
            if let decided {
                // The approved plan's values, and only those: a person it gave none (every candidate was taken when
                // it was made) is the same row error now, not a value chosen without the directory the plan read.
                people = people.filter { record, person in
                    guard decided[person.externalId]?[rule.attribute.name] == nil else { return true }
                    outcome.exhausted += 1
                    read.reading.exclude(
                        record: record,
                        problem: Problem(
                            line: Int(read.reading.index.lines[record]), externalId: person.externalId,
                            column: rule.column, severity: .error,
                            message: "no free value for \(rule.path): the approved plan gives this person none (every "
                                + "candidate was taken when it was made); make a new plan",
                            kind: "noUniqueValue"))
                    return false
                }
            }
            var result = allocator(rule, state: read.state, people: people.map(\.person)).allocate(
                people.map(\.person), index: nil)
            if let decided {
                for (position, (_, person)) in people.enumerated() {
                    guard let value = decided[person.externalId]?[rule.attribute.name] else { continue }
                    result.allocations[position] = .value(value, .remembered, replaced: nil)
                }
            }
            try apply(result, rule, people: people, to: read.reading, outcome: &outcome)
        }
        return outcome
    }
}
