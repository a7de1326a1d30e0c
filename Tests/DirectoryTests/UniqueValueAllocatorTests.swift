import Directory
import DirectoryClient
import Foundation
import JSONDocument
import TestSupport
import Testing

/// `SelectUniqueValue`: the first candidate nobody else uses; stable across runs; unique across file, state and
/// directory.
@Suite struct UniqueValueAllocatorTests {
    static let userName = UniqueAttribute(name: "userName", property: .userPrincipalName)

    static func smith(_ id: String, first: String = "john") -> UniqueCandidates {
        UniqueCandidates(
            externalId: id,
            candidates: ["\(first).smith@contoso.com", "\(first).smith2@contoso.com", "\(first).smith3@contoso.com"])
    }

    static func values(_ result: UniqueValueAllocator.Result) -> [String?] { result.allocations.map(\.value) }

    @Test func namesThatClashInTheFileGetTheNextCandidate() {
        let allocator = UniqueValueAllocator(attribute: Self.userName, remembered: [:])
        let result = allocator.allocate([Self.smith("E1"), Self.smith("E2"), Self.smith("E3")], index: nil)
        #expect(
            Self.values(result) == [
                "john.smith@contoso.com", "john.smith2@contoso.com", "john.smith3@contoso.com",
            ])
        #expect(result.allocations[1] == .value("john.smith2@contoso.com", .candidate(2), replaced: nil))
        #expect(result.needed.isEmpty)
    }

    /// Run two: a newcomer earlier in the file does not take a value the state remembers for someone else, and
    /// nobody's value flips.
    @Test func valuesAreStableAcrossRunsWhoeverJoins() {
        let first = UniqueValueAllocator(attribute: Self.userName, remembered: [:])
        let people = [Self.smith("E2"), Self.smith("E3")]
        let run1 = first.allocate(people, index: nil)
        let state = first.remembering(run1, for: people, in: [:])
        #expect(state["E2"]?["userName"] == "john.smith@contoso.com")

        let second = UniqueValueAllocator(attribute: Self.userName, state: state)
        let run2 = second.allocate([Self.smith("E1"), Self.smith("E3"), Self.smith("E2")], index: nil)
        #expect(
            Self.values(run2) == ["john.smith3@contoso.com", "john.smith2@contoso.com", "john.smith@contoso.com"])
        #expect(run2.allocations[2] == .value("john.smith@contoso.com", .remembered, replaced: nil))
        // A person of the state who is not in the file keeps their value reserved too.
        let third = second.allocate([Self.smith("E9")], index: nil)
        #expect(Self.values(third) == ["john.smith3@contoso.com"])
    }

    @Test func theDirectoryTakesValuesButNeverFromTheirOwnAccount() {
        var index = DirectoryIndex()
        // A guest holds the first candidate; a rehire's disabled account holds the second, and matches E7.
        index.add(DirectoryUser(id: "o-guest", userPrincipalName: "JOHN.SMITH@contoso.com", userType: "Guest"))
        index.add(
            DirectoryUser(
                id: "o-rehire", userPrincipalName: "john.smith2@contoso.com", employeeId: "E7", accountEnabled: false))
        index.cover(.matching, ["E1", "E7"])
        index.cover(.userPrincipalName, ["john.smith3@contoso.com"])
        let allocator = UniqueValueAllocator(attribute: Self.userName, remembered: [:])
        let result = allocator.allocate([Self.smith("E1"), Self.smith("E7")], index: index)
        #expect(result.allocations[0] == .value("john.smith3@contoso.com", .candidate(3), replaced: nil))
        #expect(result.allocations[1] == .value("john.smith2@contoso.com", .account, replaced: nil))
        #expect(result.needed.isEmpty)
    }

    @Test func aRememberedValueAnotherObjectNowHoldsIsReplaced() {
        var index = DirectoryIndex()
        index.add(DirectoryUser(id: "o-other", userPrincipalName: "john.smith@contoso.com"))
        index.cover(.matching, ["E1"])
        index.cover(.userPrincipalName, ["john.smith2@contoso.com"])
        let allocator = UniqueValueAllocator(attribute: Self.userName, remembered: ["e1": "john.smith@contoso.com"])
        let result = allocator.allocate([Self.smith("E1")], index: index)
        #expect(
            result.allocations == [.value("john.smith2@contoso.com", .candidate(2), replaced: "john.smith@contoso.com")]
        )
    }

    @Test func noFreeCandidateIsAnErrorNamingEveryCandidateAndWhoHoldsIt() throws {
        var index = DirectoryIndex()
        index.add(DirectoryUser(id: "o-1", userPrincipalName: "john.smith3@contoso.com", accountEnabled: false))
        index.cover(.matching, ["E1", "E2"])
        let allocator = UniqueValueAllocator(attribute: Self.userName, remembered: ["E8": "john.smith2@contoso.com"])
        let result = allocator.allocate([Self.smith("E1"), Self.smith("E2")], index: index)
        #expect(result.allocations[0].value == "john.smith@contoso.com")
        let message = try #require(result.allocations[1].message(attribute: "userName"))
        #expect(
            message == "no free value for userName: every candidate is used by someone else: "
                + "'john.smith@contoso.com' (used by record 'E1' of this file), "
                + "'john.smith2@contoso.com' (used by person 'E8' in the state), "
                + "'john.smith3@contoso.com' (used by User 'o-1' (john.smith3@contoso.com, disabled, no employeeId))")
    }

    @Test func caseMattersOnlyOutsideTheDirectorysUniqueProperties() {
        let people = [
            UniqueCandidates(externalId: "E1", candidates: ["ABC"]),
            UniqueCandidates(externalId: "E2", candidates: ["abc", "abd"]),
        ]
        let folded = UniqueValueAllocator(
            attribute: UniqueAttribute(name: "urn:x:badge", property: .mailNickname), remembered: [:])
        #expect(Self.values(folded.allocate(people, index: nil)) == ["ABC", "abd"])
        let exact = UniqueValueAllocator(
            attribute: UniqueAttribute(name: "urn:x:badge", property: nil), remembered: [:])
        #expect(Self.values(exact.allocate(people, index: nil)) == ["ABC", "abc"])
    }

    /// What the job writes is what collides: a candidate turned into a mail address by the job's mapping.
    @Test func candidatesAreComparedAsTheJobWritesThem() {
        var index = DirectoryIndex()
        index.add(DirectoryUser(id: "o-1", mail: "jsmith@contoso.com", proxyAddresses: ["SMTP:jsmith@contoso.com"]))
        let attribute = UniqueAttribute(name: "urn:x:alias", property: .mail) { $0 + "@contoso.com" }
        let allocator = UniqueValueAllocator(attribute: attribute, remembered: [:])
        let result = allocator.allocate(
            [UniqueCandidates(externalId: "E1", candidates: ["jsmith", "jsmith2"])], index: index)
        #expect(Self.values(result) == ["jsmith2"])
        #expect(result.needed.values(.mail) == ["jsmith2@contoso.com"])
        #expect(result.needed.values(.proxyAddress) == ["smtp:jsmith2@contoso.com"])
    }

    /// With a reader, candidates the reads do not cover are read, round after round, until each person's value is
    /// known to be free.
    @Test func theReaderReadsCandidatesUntilEveryValueIsKnown() async throws {
        let graph = FakeDirectoryGraph(users: [
            graphUser("o-1", upn: "john.smith@contoso.com"), graphUser("o-2", upn: "john.smith2@contoso.com"),
        ])
        let reader = DirectoryReaderTests.reader(graph)
        let allocator = UniqueValueAllocator(attribute: Self.userName, remembered: [:])
        let people = [Self.smith("E1")]
        let (result, read) = await drivingClock(graph.time) {
            try! await reader.allocate(allocator, people, into: DirectoryRead(index: reader.emptyIndex()))
        }
        #expect(Self.values(result) == ["john.smith3@contoso.com"])
        #expect(
            graph.inner.compactMap(\.filter) == [
                "userPrincipalName eq 'john.smith@contoso.com'", "userPrincipalName eq 'john.smith2@contoso.com'",
                "userPrincipalName eq 'john.smith3@contoso.com'",
            ])
        #expect(read.index.count == 2)
    }

    @Test func theStateKeepsUniqueValuesAsAFlatObject() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let values = UniqueValues(["userName": "ann.lee2@contoso.com", #"emails[type eq "work"].value"#: "ann@x.com"])
        let text = String(decoding: try encoder.encode(values), as: UTF8.self)
        #expect(text == #"{"emails[type eq \"work\"].value":"ann@x.com","userName":"ann.lee2@contoso.com"}"#)
        #expect(try JSONDecoder().decode(UniqueValues.self, from: Data(text.utf8)) == values)
    }
}
