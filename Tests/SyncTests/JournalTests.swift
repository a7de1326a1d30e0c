import Foundation
import Sync
import TestSupport
import Testing

@Suite struct JournalTests {
    func header() -> Journal.Header {
        Journal.Header(
            input: "u.csv", inputDigest: "a", mapping: nil, mappingDigest: nil, optionsDigest: "o", batches: 3,
            endpoint: "e", jobId: "j", startedAt: Date(timeIntervalSince1970: 0), delimiter: nil, encoding: nil,
            records: 3)
    }

    func write(_ text: String, in workspace: Workspace) throws -> String {
        try workspace.write(text, to: "j.jsonl").path
    }

    var headerLine: String {
        #"{"batches":3,"endpoint":"e","input":"u.csv","inputDigest":"a","jobId":"j","kind":"run","optionsDigest":"o","records":3,"startedAt":"1970-01-01T00:00:00Z"}"#
    }
    let acceptedLine =
        #"{"at":"1970-01-01T00:00:01Z","batch":1,"externalIds":["1","2"],"kind":"accepted","lines":[2,3],"records":2}"#

    @Test func aTornLastLineIsIgnoredAndReported() throws {
        let workspace = try Workspace()
        let path = try write(
            headerLine + "\n" + acceptedLine + "\n" + #"{"kind":"accepted","batch":2,"reco"#, in: workspace)
        guard case .contents(let contents) = try Journal.read(path: path) else {
            Issue.record("expected contents")
            return
        }
        #expect(contents.header == header())
        #expect(contents.accepted.map(\.batch) == [1])
        #expect(contents.tornLine)
    }

    @Test(arguments: ["", #"{"kind":"run","inp"#])
    func aJournalWithoutACompleteFirstLineRecordsNothing(text: String) throws {
        let workspace = try Workspace()
        let path = try write(text, in: workspace)
        guard case .empty(let torn) = try Journal.read(path: path) else {
            Issue.record("expected an empty journal")
            return
        }
        #expect(torn == text.utf8.count)
    }

    @Test func aDamagedCompleteLineIsExit65NamingTheLine() throws {
        let workspace = try Workspace()
        let path = try write(headerLine + "\n" + "garbage\n" + acceptedLine + "\n", in: workspace)
        #expect {
            try Journal.read(path: path)
        } throws: { error in
            guard let error = error as? SyncError, error.exitStatus == .dataError else { return false }
            return error.localizedDescription.contains("\(path) is damaged at line 2")
        }
    }

    @Test func aMissingJournalIsAbsent() throws {
        let workspace = try Workspace()
        guard case .absent = try Journal.read(path: workspace.url("none").path) else {
            Issue.record("expected absent")
            return
        }
    }
}

@Suite struct StateFileTests {
    @Test func roundTripsAtomicallyWithPrivateModeAndTheLearnedRate() throws {
        let workspace = try Workspace()
        let path = workspace.url("state.jsonl").path
        var state = try StateFile.load(path: path)
        #expect(state.entries.isEmpty)
        let data = Array(
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"7","userName":"a@x.com","active":true}"#
                .utf8)
        state.record("7", digest: .init(of: data), data: data, disabled: false)
        state.learnedRate = "40/5s"
        try state.save()
        let loaded = try StateFile.load(path: path)
        #expect(loaded.entries["7"]?.digest == .init(of: data))
        #expect(loaded.activeCount == 1)
        #expect(loaded.learnedRate == "40/5s")
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
    }

    @Test(arguments: [
        #"{"id":"7","digest":"00000000000000000000000000000000","data":5}"#,
        #"{"id":"7","digest":"00000000000000000000000000000000","data":null}"#,
        #"{"id":"7","digest":"00000000000000000000000000000000","data":"str"}"#,
        #"{"id":"7","digest":"00000000000000000000000000000000","data":[1]}"#,
        #"{"id":"7","digest":"xyz","data":{}}"#,
        #"{"digest":"00000000000000000000000000000000","data":{}}"#,
        #"{"id":"7","digest":"00000000000000000000000000000000","data":{},"disabled":"no"}"#,
        #"[1,2]"#,
        "not json",
    ])
    func aMalformedEntryIsExit65NamingTheFileAndLine(line: String) throws {
        let workspace = try Workspace()
        let good = #"{"id":"1","digest":"00000000000000000000000000000000","data":{"externalId":"1"}}"#
        let path = try workspace.write(
            #"{"kind":"provision-state","version":1}"# + "\n\(good)\n\(line)\n", to: "s.jsonl"
        ).path
        #expect {
            try StateFile.load(path: path)
        } throws: { error in
            guard let error = error as? SyncError, error.exitStatus == .dataError else { return false }
            return error.localizedDescription.contains("\(path) is damaged at line 3")
        }
    }

    /// A header with `version: 2` or `"1"`, and two entries for one externalId, were accepted silently.
    @Test(arguments: [
        (#""1""#, "is damaged at line 1 (the header's \"version\" is not the number 1)"),
        ("true", "is damaged at line 1 (the header's \"version\" is not the number 1)"),
        ("1.5", "is damaged at line 1 (the header's \"version\" is not the number 1)"),
        ("0", "is damaged at line 1 (the header's \"version\" is 0, not 1)"),
        ("2", "is of a newer format (version 2; this provision reads version 1)"),
    ])
    func aHeaderVersionOtherThan1IsRefused(version: String, message: String) throws {
        let workspace = try Workspace()
        let path = try workspace.write(#"{"kind":"provision-state","version":\#(version)}"# + "\n", to: "s.jsonl").path
        #expect {
            try StateFile.load(path: path)
        } throws: { error in
            guard let error = error as? SyncError, error.exitStatus == .dataError else { return false }
            return error.localizedDescription.contains("\(path) \(message)")
        }
    }

    @Test func aSecondEntryForOneExternalIdIsRefusedNamingBothLines() throws {
        let workspace = try Workspace()
        let entry = #"{"id":"7","digest":"00000000000000000000000000000000","data":{"externalId":"7"}}"#
        let other = #"{"id":"8","digest":"00000000000000000000000000000000","data":{"externalId":"8"}}"#
        let path = try workspace.write(
            #"{"kind":"provision-state","version":1}"# + "\n\(entry)\n\(other)\n\n\(entry)\n", to: "s.jsonl"
        ).path
        #expect {
            try StateFile.load(path: path)
        } throws: { error in
            (error as? SyncError)?.localizedDescription.contains(
                "\(path) is damaged at line 5 (externalId \"7\" is already at line 2)") == true
        }
    }
}
