/// The allocator behind `SelectUniqueValue(candidate1, candidate2, …)`: each person gets the first candidate nobody
/// else uses (Microsoft's documented semantics; docs/service.md, "How the service treats records"), where "somebody
/// else" is another record of this file, another person of the state, or (when the directory was read) another
/// object of the directory.
///
/// Values stay put: a person keeps the value the state remembers for them (unless another object of the directory
/// took it since), or the candidate their own account already holds, before anyone is given a new one; remembered
/// values are reserved for their owners, so a newcomer never takes one and nobody's value flips when someone joins.
/// New values go in file order. A person's own account and their own remembered value never count against them.
///
/// A pure function of its inputs. With an index, a candidate the reads do not cover yet is given tentatively and
/// listed in `needed`; the caller reads those and allocates again, until nothing is needed.
package struct UniqueValueAllocator: Sendable {
    package let attribute: UniqueAttribute
    /// Each person of the state (lower-cased externalId) → the value this attribute gave them.
    package let remembered: [String: String]
    /// Values people of the state hold without the state remembering them as given (what an earlier run sent before
    /// the mapping used SelectUniqueValue): nobody else is given them, but their holder is not bound to them.
    package let held: [String: String]
    /// Lower-cased externalId → as the state spells it, for messages.
    private let names: [String: String]

    package init(attribute: UniqueAttribute, remembered: [String: String], held: [String: String] = [:]) {
        self.attribute = attribute
        self.remembered = Dictionary(
            remembered.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.held = Dictionary(held.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        names = Dictionary(
            (Array(remembered.keys) + Array(held.keys)).map { ($0.lowercased(), $0) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Reads the remembered values of `attribute` out of the state's per-person `UniqueValues`.
    package init(attribute: UniqueAttribute, state: [String: UniqueValues]) {
        self.init(attribute: attribute, remembered: state.compactMapValues { $0[attribute.name] })
    }

    package struct Result: Sendable, Equatable {
        /// One per person, in the order given.
        package var allocations: [UniqueAllocation]
        /// Candidates the directory must still be asked about (empty without an index).
        package var needed: DirectoryLookup
    }

    private enum Verdict {
        case free
        case unknown
        case taken(UniqueAllocation.Holder)
    }

    /// - Parameter index: the directory reads; nil checks against the file and the state only.
    package func allocate(_ people: [UniqueCandidates], index: DirectoryIndex?) -> Result {
        var reserved: [String: String] = [:]
        for (person, value) in remembered.sorted(by: { $0.key < $1.key }) where reserved[attribute.key(value)] == nil {
            reserved[attribute.key(value)] = person
        }
        for (person, value) in held.sorted(by: { $0.key < $1.key }) where reserved[attribute.key(value)] == nil {
            reserved[attribute.key(value)] = person
        }
        // Value key → the lower-cased externalId it was given to, and that person as the file spells them.
        var given: [String: String] = [:]
        var spelled: [String: String] = [:]
        var needed = DirectoryLookup()
        var allocations: [UniqueAllocation] = []
        allocations.reserveCapacity(people.count)
        for person in people {
            let owner = person.externalId.lowercased()
            let accounts = index?.users(matching: person.matchingValue) ?? []
            let own = accounts.count == 1 ? accounts.first : nil
            func verdict(_ candidate: String) -> Verdict {
                let key = attribute.key(candidate)
                if let other = given[key], other != owner { return .taken(.record(spelled[other] ?? other)) }
                if let other = reserved[key], other != owner { return .taken(.state(names[other] ?? other)) }
                guard let index, let property = attribute.property else { return .free }
                let value = attribute.written(candidate)
                if let holder = index.holders(of: property, value).first(where: { $0.id != own?.id }) {
                    return .taken(.directory(holder.object))
                }
                guard index.knows(property, value) else {
                    needed.add(LookupKind(property), value)
                    if property == .mail { needed.add(.proxyAddress, "smtp:" + value) }
                    return .unknown
                }
                return .free
            }
            let allocation = allocate(person, own: own, verdict: verdict)
            if let value = allocation.value {
                given[attribute.key(value)] = owner
                spelled[owner] = person.externalId
            }
            allocations.append(allocation)
        }
        return Result(allocations: allocations, needed: index.map { needed.subtracting($0) } ?? DirectoryLookup())
    }

    private func allocate(_ person: UniqueCandidates, own: DirectoryUser?, verdict: (String) -> Verdict)
        -> UniqueAllocation
    {
        var replaced: String?
        if let value = remembered[person.externalId.lowercased()] {
            if case .taken = verdict(value) {
                replaced = value
            } else {
                return .value(value, .remembered, replaced: nil)
            }
        }
        let candidates = person.candidates.filter { !$0.isEmpty }
        if let own, let property = attribute.property, let current = own.value(of: property),
            let held = candidates.first(where: { attribute.written($0).caseInsensitiveCompare(current) == .orderedSame }
            )
        {
            if case .taken = verdict(held) {} else { return .value(held, .account, replaced: replaced) }
        }
        var tried: [(value: String, holder: UniqueAllocation.Holder)] = []
        for (position, candidate) in person.candidates.enumerated() where !candidate.isEmpty {
            switch verdict(candidate) {
            case .free, .unknown: return .value(candidate, .candidate(position + 1), replaced: replaced)
            case .taken(let holder): tried.append((candidate, holder))
            }
        }
        return .exhausted(tried: tried)
    }

    /// The state's `UniqueValues` after `result`: each person given a value remembers it.
    package func remembering(
        _ result: Result, for people: [UniqueCandidates], in state: [String: UniqueValues]
    ) -> [String: UniqueValues] {
        var state = state
        for (person, allocation) in zip(people, result.allocations) {
            guard let value = allocation.value else { continue }
            state[person.externalId, default: UniqueValues()][attribute.name] = value
        }
        return state
    }
}
