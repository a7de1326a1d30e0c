import Foundation
import Mapping
import Testing
import TestSupport
@testable import ProvisionCLI

@Suite struct JournalAndStateTests {
    func header() -> Journal.Header {
        Journal.Header(input: "u.csv", inputDigest: "a", mappingDigest: nil, optionsDigest: "o", batches: 3, endpoint: "e", jobId: "j", startedAt: Date(timeIntervalSince1970: 0))
    }

    @Test func journalRoundTripsAndToleratesATornLastLine() throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let path = dir.appendingPathComponent("j.jsonl").path
        let journal = try Journal.create(path: path, header: header())
        try journal.append(Journal.Accepted(batch: 1, records: 2, clientRequestId: "c1", at: Date(), externalIds: ["1", "2"], lines: [2, 3]))
        try journal.append(Journal.Accepted(batch: 3, records: 1, clientRequestId: "c3", at: Date(), externalIds: ["5"], lines: [6]))
        // A kill -9 in the middle of a write leaves half a line.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"kind":"accepted","batch":2,"reco"#.utf8))
        try handle.close()
        let read = try #require(try Journal.read(path: path))
        #expect(read.header == header())
        #expect(read.accepted.map(\.batch) == [1, 3])
        #expect(read.tornLine)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func damagedJournalIsReportedNotTrusted() throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let path = dir.appendingPathComponent("j.jsonl").path
        try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: JournalError.self) { try Journal.read(path: path) }
    }

    @Test func stateRoundTripsAtomicallyWithPrivateMode() throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let path = dir.appendingPathComponent("state.jsonl").path
        var state = try StateFile.load(path: path)
        #expect(state.entries.isEmpty)
        let data = Array(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"7","userName":"a@x.com","active":true}"#.utf8)
        state.record("7", digest: PayloadDigest(of: data), data: data, disabled: false)
        try state.save()
        let loaded = try StateFile.load(path: path)
        #expect(loaded.entries["7"]?.digest == PayloadDigest(of: data))
        #expect(loaded.activeCount == 1)
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        let disabled = try #require(StateFile.disabledPayload(loaded.entries["7"]!.data))
        let text = String(decoding: disabled, as: UTF8.self)
        #expect(text.contains(#""active":false"#))
        #expect(text.contains(#""userName":"a@x.com""#))
        #expect(text.hasPrefix(#"{"schemas""#))
    }

    @Test(arguments: [("5%", DeltaSelection.Threshold.percent(5)), ("25", .count(25)), ("0", .count(0)), ("100%", .percent(100))])
    func thresholds(text: String, expected: DeltaSelection.Threshold) {
        #expect(DeltaSelection.Threshold(text) == expected)
    }

    @Test func thresholdLimits() {
        #expect(DeltaSelection.Threshold.percent(5).limit(known: 1000) == 50)
        #expect(DeltaSelection.Threshold.count(3).limit(known: 1000) == 3)
        #expect(DeltaSelection.Threshold("abc") == nil)
        #expect(DeltaSelection.Threshold("120%") == nil)
    }
}
