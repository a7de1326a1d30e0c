import Directory
import Export
import Foundation
import JSONDocument
import Mapping
import SCIM

/// `--state FILE`: per externalId, the digest of the complete payload last accepted for it and that payload itself
/// (what is needed to disable the person later: the service asks for complete records, also when disabling; see
/// docs/service.md, "How the service treats records").
///
/// A person given a value by `SelectUniqueValue` keeps it under `unique` (`{"userName": "ann.lee2@contoso.com"}`), so
/// the next run gives them the same value whoever else joins; an entry without it (older files) has none.
///
/// One JSON object per line, so a million people stream in and out; written atomically (temporary file + rename),
/// mode 0600, and only after a run, only for records whose batch was accepted: a crash never marks unsent records sent.
package struct StateFile: Sendable {
    /// What the state knows about one person.
    package struct Entry: Sendable {
        package var digest: PayloadDigest
        package var disabled: Bool
        /// The `data` object as JSON text.
        package var data: [UInt8]
        /// The values `SelectUniqueValue` gave the person, by SCIM attribute.
        package var unique: UniqueValues?
    }

    package let path: String
    package private(set) var entries: [String: Entry] = [:]
    /// The rate limit an earlier run met (e.g. 40/5s after recurring 429s at 40/1s), so the next run starts at it.
    package var learnedRate: String?
    /// Known people who are not disabled: the base of `--max-disable` percentages.
    package var activeCount: Int { entries.values.count { !$0.disabled } }

    package init(path: String) { self.path = path }

    /// Loads the file; a missing file is an empty state (the first run sends everyone). Any line that is not a
    /// complete entry stops the run (exit 65) naming the file and line: guessing past damage could re-enable or
    /// disable the wrong people.
    package static func load(path: String) throws(SyncError) -> StateFile {
        var state = StateFile(path: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return state }
        if isDirectory.boolValue {
            throw .cannotCreate("--state \(path) is a directory, so the state cannot be written there; name a file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .data("cannot read the state file \(path)")
        }
        // Where each externalId was seen: a second entry for one would make the state depend on line order.
        var lines: [String: Int] = [:]
        for (number, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where !line.isEmpty {
            let lineNumber = number + 1
            guard let object = try? JSON.parse(line), object.isObject else {
                throw damaged(path, line: lineNumber, "not a JSON object")
            }
            if number == 0, object["kind"]?.stringValue == "provision-state" {
                try checkVersion(object["version"], path: path)
                state.learnedRate = object["learnedRate"]?.stringValue
                continue
            }
            guard let id = object["id"]?.stringValue, !id.isEmpty else {
                throw damaged(path, line: lineNumber, "no \"id\"")
            }
            if let first = lines.updateValue(lineNumber, forKey: id) {
                throw damaged(path, line: lineNumber, "externalId \"\(id)\" is already at line \(first)")
            }
            guard let digestText = object["digest"]?.stringValue, let digest = PayloadDigest(hex: digestText) else {
                throw damaged(path, line: lineNumber, "no 32-digit hex \"digest\"")
            }
            // Written back as it was read (members in their order), so an entry this run leaves alone keeps its bytes.
            guard let payload = object["data"], payload.isObject else {
                throw damaged(path, line: lineNumber, "\"data\" is not a SCIM user object")
            }
            let payloadData = JSONWriter.encode(payload)
            let disabled: Bool
            switch object["disabled"] {
            case nil: disabled = false
            case .bool(let flag)?: disabled = flag
            default: throw damaged(path, line: lineNumber, "\"disabled\" is not true or false")
            }
            var unique: UniqueValues?
            switch object["unique"] {
            case nil: break
            case .object(let members)? where members.allSatisfy({ $0.value.stringValue != nil }):
                unique = UniqueValues(Dictionary(members.map { ($0.key, $0.value.stringValue!) }) { _, last in last })
            default: throw damaged(path, line: lineNumber, "\"unique\" is not an object of text values")
            }
            state.entries[id] = Entry(digest: digest, disabled: disabled, data: Array(payloadData), unique: unique)
        }
        return state
    }

    /// The format this build reads and writes.
    static let version = 1

    /// The header's `version` must be the number 1: a newer format is not guessed at, and `"1"` or `true` is damage.
    private static func checkVersion(_ value: JSON?, path: String) throws(SyncError) {
        guard case .number(let text)? = value, let number = Int(text) else {
            throw damaged(path, line: 1, "the header's \"version\" is not the number \(version)")
        }
        if number > version {
            throw .data(
                "the state file \(path) is of a newer format (version \(number); this provision reads version "
                    + "\(version)): run the provision that wrote it, or move the file away and run with --full")
        }
        guard number == version else {
            throw damaged(path, line: 1, "the header's \"version\" is \(number), not \(version)")
        }
    }

    private static func damaged(_ path: String, line: Int, _ detail: String) -> SyncError {
        .data(
            "the state file \(path) is damaged at line \(line) (\(detail)); restore it from a backup, or move it away "
                + "and run with --full")
    }

    /// The person's `displayName` in their last accepted record, to name them in messages.
    package func displayName(of externalId: String) -> String? {
        entries[externalId].flatMap { PayloadFields($0.data).displayName }
    }

    /// Records what was accepted for a person; `unique` adds to the unique values the state keeps for them.
    package mutating func record(
        _ externalId: String, digest: PayloadDigest, data: [UInt8], disabled: Bool, unique: UniqueValues? = nil
    ) {
        var kept = entries[externalId]?.unique
        if let unique, !unique.isEmpty {
            kept = UniqueValues((kept?.values ?? [:]).merging(unique.values) { _, new in new })
        }
        entries[externalId] = Entry(digest: digest, disabled: disabled, data: data, unique: kept)
    }

    package func save() throws(FileError) {
        var header = JSONWriter(capacity: 96)
        header.writeRaw(#"{"kind":"provision-state","version":"# + "\(Self.version)")
        if let learnedRate {
            header.writeRaw(#","learnedRate":"#)
            header.writeString(learnedRate)
        }
        header.writeRaw("}\n")
        var text = Data(header.bytes)
        for id in entries.keys.sorted() {
            let entry = entries[id]!
            var writer = JSONWriter(capacity: entry.data.count + 96)
            writer.writeRaw("{\"id\":")
            writer.writeString(id)
            writer.writeRaw(",\"digest\":\"\(entry.digest)\",\"disabled\":\(entry.disabled)")
            if let unique = entry.unique, !unique.isEmpty {
                writer.writeRaw(",\"unique\":")
                writer.write(
                    .object(unique.values.sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) }))
            }
            writer.writeRaw(",\"data\":")
            writer.writeRaw(bytes: entry.data)
            writer.writeRaw("}\n")
            text.append(contentsOf: writer.bytes)
        }
        try AtomicFile.write(text, to: path)
    }

    /// The person's last record with `active: false`: what `--missing disable` sends.
    static func disabledPayload(_ data: [UInt8]) -> [UInt8]? {
        // Canonical: members in key order whatever order the stored text had them in, numbers spelled one way.
        guard case .object(var object)? = try? JSON.parse(data).canonical else { return nil }
        object["active"] = .bool(false)
        // Then `schemas` first again, so stored payloads read naturally.
        object.sort(by: ["schemas", "externalId", "userName"])
        return JSONWriter.encode(.object(object))
    }
}
