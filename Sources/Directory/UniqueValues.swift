import Foundation

/// What the state keeps of one person's unique values: the value each `SelectUniqueValue` attribute gave them, by the
/// SCIM attribute the mapping writes, so that the next run gives them the same value whoever else joins. Encoded as a
/// flat JSON object, e.g. `{"userName": "ann.lee2@contoso.com"}` (the state's `unique` member of a person).
package struct UniqueValues: Sendable, Equatable, Codable {
    package var values: [String: String]

    package init(_ values: [String: String] = [:]) { self.values = values }

    package subscript(attribute: String) -> String? {
        get { values[attribute] }
        set { values[attribute] = newValue }
    }

    package var isEmpty: Bool { values.isEmpty }

    package init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: String].self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}

/// An attribute whose value `SelectUniqueValue` picks.
package struct UniqueAttribute: Sendable {
    /// The SCIM attribute the mapping writes (`userName`, `emails[type eq "work"].value`, a custom attribute): the
    /// key in `UniqueValues`.
    package var name: String
    /// The directory property the job writes it to, where another object's value makes it taken; nil when only the
    /// file and the state count. Values of these properties compare ignoring case; others exactly.
    package var property: DirectoryProperty?
    /// The value the job writes from a candidate (the identity when it flows directly).
    package var written: @Sendable (String) -> String

    package init(
        name: String, property: DirectoryProperty?, written: @escaping @Sendable (String) -> String = { $0 }
    ) {
        self.name = name
        self.property = property
        self.written = written
    }

    /// The key two values collide on.
    func key(_ candidate: String) -> String {
        property == nil ? written(candidate) : written(candidate).lowercased()
    }
}

/// One person's candidates, in the order `SelectUniqueValue` lists them.
package struct UniqueCandidates: Sendable, Equatable {
    package var externalId: String
    /// The person's matching value, which finds their own account (whose value is never taken by themselves).
    package var matchingValue: String
    package var candidates: [String]

    package init(externalId: String, matchingValue: String? = nil, candidates: [String]) {
        self.externalId = externalId
        self.matchingValue = matchingValue ?? externalId
        self.candidates = candidates
    }
}

/// What a person was given.
package enum UniqueAllocation: Sendable, Equatable {
    /// Why a candidate could not be given.
    package enum Holder: Sendable, Equatable {
        /// Another record of this file was given it first.
        case record(String)
        /// Another person of the state received it in an earlier run.
        case state(String)
        /// Another object of the directory holds it.
        case directory(DirectoryObject)
    }

    package enum Source: Sendable, Equatable {
        /// The value the state remembers for the person.
        case remembered
        /// The value the person's own account holds (one of the candidates).
        case account
        /// The first free candidate (1-based position).
        case candidate(Int)
    }

    /// `replaced`: the value the state remembered, lost because another object now holds it.
    case value(String, Source, replaced: String?)
    /// No candidate is free: each one tried, with who holds it.
    case exhausted(tried: [(value: String, holder: Holder)])

    package var value: String? {
        if case .value(let value, _, _) = self { return value }
        return nil
    }

    package static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.value(let a, let b, let c), .value(let x, let y, let z)): a == x && b == y && c == z
        case (.exhausted(let a), .exhausted(let b)):
            a.map(\.value) == b.map(\.value) && a.map(\.holder) == b.map(\.holder)
        default: false
        }
    }

    /// The row error for an exhausted allocation: the attribute and every candidate tried, with who holds it.
    package func message(attribute: String) -> String? {
        guard case .exhausted(let tried) = self else { return nil }
        guard !tried.isEmpty else { return "SelectUniqueValue for \(attribute) gave no candidate (all were empty)" }
        let list = tried.map { value, holder -> String in
            let who =
                switch holder {
                case .record(let other): "record '\(other)' of this file"
                case .state(let other): "person '\(other)' in the state"
                case .directory(let object): object.description
                }
            return "'\(value)' (used by \(who))"
        }
        return "no free value for \(attribute): every candidate is used by someone else: "
            + list.joined(separator: ", ")
    }
}
