import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A running `hr-emulator` on 127.0.0.1 with a free port, stopped when the test drops it. Its banner (`name value`
/// lines: each preset's URL and token URL, the credentials it accepts) is in `banner`.
package final class HREmulatorProcess: @unchecked Sendable {
    // @unchecked: all fields are set in init and never change; `process` is only terminated in deinit/stop.
    package let process = Process()
    package let banner: [String: String]
    /// `http://127.0.0.1:PORT`
    package let base: String

    package init(_ arguments: [String] = []) throws {
        process.executableURL = BinaryRunner.hrEmulator
        process.arguments = ["--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        var banner: [String: String] = [:]
        let handle = out.fileHandleForReading
        let deadline = Date().addingTimeInterval(20)
        // The banner ends with its `page-size` line.
        while banner["page-size"] == nil && Date() < deadline {
            let data = handle.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
            banner = Self.parse(text)
        }
        guard banner["page-size"] != nil, let base = banner["listening on"] else {
            process.terminate()
            throw EmulatorStartError(output: text)
        }
        self.banner = banner
        self.base = base
    }

    deinit { stop() }

    static func parse(_ text: String) -> [String: String] {
        var banner: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("listening on ") {
                banner["listening on"] = String(line.dropFirst("listening on ".count))
            } else if let space = line.firstIndex(of: " ") {
                banner[String(line[..<space])] = String(line[line.index(after: space)...])
            }
        }
        return banner
    }

    /// SIGKILL: a test's emulator holds nothing worth a graceful stop.
    package func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// `host:port`, as `--next-link-host` and an allowed-hosts list write it.
    package var hostAndPort: String { String(base.dropFirst("http://".count)) }

    /// The banner line `name` (a preset's URL, a credential), or the test fails.
    package subscript(name: String) -> String { banner[name] ?? "missing banner line \(name)" }

    /// `GET /_hr/stats`.
    package func stats() throws -> [String: Int] {
        let data = try Data(contentsOf: URL(string: "\(base)/_hr/stats")!)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return object.compactMapValues { ($0 as? NSNumber)?.intValue }
    }

    /// `GET /_hr/people`: how many people it serves (only the active ones).
    package func peopleCount(activeOnly: Bool = false) throws -> Int {
        let data = try Data(contentsOf: URL(string: "\(base)/_hr/people")!)
        let people = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return activeOnly ? people.filter { ($0["active"] as? Bool) == true }.count : people.count
    }
}
