import EmulatorKit
import Foundation
import JSONDocument
import Testing

@testable import HREmulator

@Suite struct PeopleTests {
    @Test func generatedPeopleAreRepeatableForASeedAndDifferForAnother() {
        let people = PeopleGenerator.generate(count: 200, seed: 7)
        #expect(people == PeopleGenerator.generate(count: 200, seed: 7))
        #expect(people != PeopleGenerator.generate(count: 200, seed: 8))
        #expect(Set(people.map(\.id)).count == 200)
    }

    @Test func generatedPeopleHaveWhatRealHRDataHas() {
        let people = PeopleGenerator.generate(count: 200, seed: 7)
        #expect(people.first?.id == "000001" && people.allSatisfy { $0.id.count == 6 && $0.id.hasPrefix("000") })
        #expect(people.contains { !$0.lastName.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(people.allSatisfy { $0.email?.unicodeScalars.allSatisfy(\.isASCII) == true })
        #expect(Set(people.compactMap(\.email)).count == 200)
        // Managers form a tree: one root, and every manager comes before their reports.
        #expect(people.filter { $0.managerID == nil }.map(\.id) == ["000001"])
        var seen: Set<String> = []
        for person in people {
            if let manager = person.managerID { #expect(seen.contains(manager), "\(person.id) before \(manager)") }
            seen.insert(person.id)
        }
        let leavers = people.filter { !$0.active }
        #expect(!leavers.isEmpty && leavers.allSatisfy { $0.terminationDate != nil })
        for leaver in leavers {
            #expect(HRDate.epochDay(leaver.terminationDate!)! > HRDate.epochDay(leaver.hireDate!)!)
        }
        #expect(people.contains { $0.preferredName == nil } && people.contains { $0.preferredName != nil })
        #expect(people.contains { $0.workerType == "Contingent" && $0.fte == nil })
        #expect(people.contains { $0.fte == "0.8" } && people.contains { $0.fte == "1" })
    }

    @Test func theCanonicalJSONReadsBackTheSame() throws {
        let people = PeopleGenerator.generate(count: 40, seed: 3)
        let text = JSON.array(people.map(\.json)).serialized
        #expect(try Person.decodeList(Array(text)) == people)
    }

    static let badFiles: [(text: String, message: String)] = [
        ("[{\"id\": \"1\",\n  \"firstName\": }]", "line 2, column 16:"),
        ("{\"id\": \"1\"}", "expected a JSON array of people, found an object"),
        ("[{\"firstName\": \"A\", \"lastName\": \"B\"}]", "person 1: \"id\" must be a non-empty string, found nothing"),
        (
            "[{\"id\": \"7\", \"firstName\": \"A\", \"lastName\": \"B\", \"manager\": \"1\"}]",
            "person 1 (id \"7\"): unknown field \"manager\"; known fields: id,"
        ),
        (
            "[{\"id\": \"7\", \"firstName\": \"A\", \"lastName\": \"B\", \"active\": \"yes\"}]",
            "person 1 (id \"7\"): \"active\" must be true or false, found a string"
        ),
        (
            "[{\"id\": \"7\", \"firstName\": \"A\", \"lastName\": \"B\", \"hireDate\": \"03/15/2012\"}]",
            "\"hireDate\" must be a date yyyy-MM-dd, found \"03/15/2012\""
        ),
        (
            "[{\"id\": \"7\", \"firstName\": \"A\", \"lastName\": \"B\", \"location\": {\"town\": \"X\"}}]",
            "unknown field \"location.town\""
        ),
        (
            "[{\"id\": \"7\", \"firstName\": \"A\", \"lastName\": \"B\"}, {\"id\": \"7\", \"firstName\": \"C\", "
                + "\"lastName\": \"D\"}]",
            "person 2: id \"7\" is used twice"
        ),
    ]

    @Test(arguments: badFiles)
    func aBadPeopleFileIsRefusedSayingWhereAndWhy(text: String, message: String) {
        #expect {
            try Person.decodeList(Array(text.utf8))
        } throws: { error in
            (error as? PeopleFileError)?.description.contains(message) == true
        }
    }

    @Test func anActiveFlagDefaultsFromTheTerminationDate() throws {
        let text = """
            [{"id": "1", "firstName": "A", "lastName": "B"},
             {"id": "2", "firstName": "C", "lastName": "D", "terminationDate": "2024-02-29", "fte": 0.5}]
            """
        let people = try Person.decodeList(Array(text.utf8))
        #expect(people.map(\.active) == [true, false])
        #expect(people[1].fte == "0.5")
    }

    @Test func thePeopleFlagReadsTheFileAndNamesItInErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("people.json")
        try Data(#"[{"id": "0042", "firstName": "Zoë", "lastName": "Øvergård"}]"#.utf8).write(to: good)
        guard case .run(let configuration) = try HRConfiguration.parse(["--people", good.path]) else {
            Issue.record("--people did not parse")
            return
        }
        #expect(configuration.seedPeople.map(\.id) == ["0042"])
        let bad = folder.appendingPathComponent("bad.json")
        try Data("[1]".utf8).write(to: bad)
        #expect(
            throws: EmulatorError.invalidFile(
                option: "--people", path: bad.path, problem: "person 1: expected an object, found a number")
        ) { try HRConfiguration.parse(["--people", bad.path]) }
        #expect(throws: EmulatorError.self) { try HRConfiguration.parse(["--people", folder.path + "/missing.json"]) }
        #expect(throws: EmulatorError.self) {
            try HRConfiguration.parse(["--people", good.path, "--people-count", "3"])
        }
    }
}
