import Foundation
import Mapping
import SCIM

/// `--state FILE`: per externalId, the digest of the complete payload last accepted for it and that payload itself
/// (what is needed to disable the person later: contract §5 asks for complete records, also when disabling).
///
/// One JSON object per line, so a million people stream in and out; written atomically (temporary file + rename),
/// mode 0600, and only after a run, only for records whose batch was accepted: a crash never marks unsent records sent.
struct StateFile {
    struct Entry {
        var digest: PayloadDigest
        var disabled: Bool
        /// The `data` object as JSON text.
        var data: [UInt8]
    }

    let path: String
    private(set) var entries: [String: Entry] = [:]
    /// Known people who are not disabled: the base of `--max-disable` percentages.
    var activeCount: Int { entries.values.count { !$0.disabled } }

    /// Loads the file; a missing file is an empty state (the first run sends everyone).
    static func load(path: String) throws -> StateFile {
        var state = StateFile(path: path)
        guard let data = FileManager.default.contents(atPath: path) else { return state }
        for (number, line) in data.split(separator: 0x0A).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw StateError.damaged(path: path, line: number + 1)
            }
            if number == 0, object["kind"] as? String == "provision-state" { continue }
            guard let id = object["id"] as? String, let digestText = object["digest"] as? String,
                  let digest = PayloadDigest(hex: digestText), let payload = object["data"],
                  let payloadData = try? JSONSerialization.data(withJSONObject: payload)
            else { throw StateError.damaged(path: path, line: number + 1) }
            state.entries[id] = Entry(digest: digest, disabled: object["disabled"] as? Bool ?? false, data: Array(payloadData))
        }
        return state
    }

    mutating func record(_ externalId: String, digest: PayloadDigest, data: [UInt8], disabled: Bool) {
        entries[externalId] = Entry(digest: digest, disabled: disabled, data: data)
    }

    func save() throws {
        var text = Data(#"{"kind":"provision-state","version":1}"#.utf8)
        text.append(0x0A)
        for id in entries.keys.sorted() {
            let entry = entries[id]!
            var writer = JSONWriter(capacity: entry.data.count + 96)
            writer.writeRaw("{\"id\":")
            writer.writeString(id)
            writer.writeRaw(",\"digest\":\"\(entry.digest)\",\"disabled\":\(entry.disabled),\"data\":")
            writer.writeRaw(bytes: entry.data)
            writer.writeRaw("}\n")
            text.append(contentsOf: writer.bytes)
        }
        try AtomicFile.write(text, to: path)
    }

    /// The person's last record with `active: false`: what `--missing disable` sends.
    static func disabledPayload(_ data: [UInt8]) -> [UInt8]? {
        guard case .object(var object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(data)) else { return nil }
        object["active"] = .bool(false)
        return JSONWriter.encode(.object(SCIMUserOrder.reorder(object)))
    }
}

/// Puts `schemas` first again after a decode (which sorts keys), so stored payloads read naturally.
enum SCIMUserOrder {
    static func reorder(_ object: JSONObject) -> JSONObject {
        var copy = object
        copy.sort(by: ["schemas", "externalId", "userName"])
        return copy
    }
}

enum StateError: Error, LocalizedError {
    case damaged(path: String, line: Int)

    var errorDescription: String? {
        switch self {
        case .damaged(let path, let line): "the state file \(path) is damaged at line \(line); restore it from a backup, or move it away and run with --full"
        }
    }
}
