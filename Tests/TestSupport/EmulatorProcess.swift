import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An Entra emulator on 127.0.0.1 that a test talks to: a process of its own (`EmulatorProcess`) or one serving
/// from the test process (CLITests' `InProcessEmulator`). Both accept the same flags and answer the same endpoints.
package protocol EmulatorHandle: AnyObject, Sendable {
    /// The bulkUpload endpoint (`PROVISION_ENDPOINT`).
    var endpoint: String { get }
    /// The token endpoint's host (`AZURE_AUTHORITY_HOST`), which also serves `/_emulator/…`.
    var authority: String { get }
}

extension EmulatorHandle {
    /// The tenant, client and secret every emulator accepts.
    package static var tenant: String { "00000000-0000-0000-0000-0000000000aa" }
    package static var client: String { "11111111-1111-1111-1111-111111111111" }
    package static var secret: String { "emulator-secret" }

    /// The environment a client needs to talk to this emulator with a client secret.
    package var environment: [String: String] {
        [
            "AZURE_TENANT_ID": Self.tenant, "AZURE_CLIENT_ID": Self.client, "AZURE_CLIENT_SECRET": Self.secret,
            "PROVISION_ENDPOINT": endpoint, "AZURE_AUTHORITY_HOST": authority,
        ]
    }

    /// `GET /_emulator/<name>` as a JSON object.
    package func get(_ name: String) throws -> [String: Any] {
        let url = URL(string: "\(authority)/_emulator/\(name)")!
        let data = try Data(contentsOf: url)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// `POST /_emulator/<name>` (e.g. `reset`: the emulated directory forgets every user it processed).
    package func post(_ name: String) async throws {
        _ = try await LoopbackHTTP.send("POST", URL(string: "\(authority)/_emulator/\(name)")!)
    }

    package func stats() throws -> [String: Int] {
        try get("stats").compactMapValues { ($0 as? NSNumber)?.intValue }
    }

    /// The emulator's banner lines `endpoint …` and `authority …`, as scripts read them.
    package static func endpoints(inBanner text: String) -> (endpoint: String, authority: String)? {
        var endpoint: String?
        var authority: String?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("endpoint ") { endpoint = String(line.dropFirst("endpoint ".count)) }
            if line.hasPrefix("authority ") { authority = String(line.dropFirst("authority ".count)) }
        }
        guard let endpoint, let authority else { return nil }
        return (endpoint, authority)
    }
}

/// A running `entra-emulator` process on 127.0.0.1 with a free port, stopped (SIGKILL) when the test drops it: for
/// the tests that need the emulator as a program (docs/testing.md).
package final class EmulatorProcess: EmulatorHandle, @unchecked Sendable {
    // @unchecked: all fields are set in init and never change; `process` is only terminated in deinit/stop.
    package let process = Process()
    package let endpoint: String
    package let authority: String

    package init(_ arguments: [String] = []) throws {
        process.executableURL = BinaryRunner.emulator
        process.arguments = ["--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        var found: (endpoint: String, authority: String)?
        let handle = out.fileHandleForReading
        let deadline = Date().addingTimeInterval(20)
        while found == nil && Date() < deadline {
            let data = handle.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
            found = Self.endpoints(inBanner: text)
        }
        guard let found else {
            process.terminate()
            throw EmulatorStartError(output: text)
        }
        endpoint = found.endpoint
        authority = found.authority
    }

    deinit { stop() }

    /// SIGKILL: a test's emulator holds nothing worth a graceful stop, and a signal mask cannot hold it up.
    package func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

package struct EmulatorStartError: Error {
    package let output: String
    package init(output: String) { self.output = output }
}

/// Writes an export of `count` users whose headers are SCIM paths; every tenth reports to the first.
package func writeUsers(_ count: Int, to url: URL, prefix: String = "E", changed: Set<Int> = []) throws {
    var text =
        "externalId,userName,displayName,active,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value\n"
    for index in 1...max(count, 1) where count > 0 {
        let manager = index % 10 == 0 ? "\(prefix)1" : ""
        let department = changed.contains(index) ? "Changed" : "Dept \(index % 7)"
        text += "\(prefix)\(index),user\(index)@contoso.com,User \(index),true,\(department),\(manager)\n"
    }
    if count == 0 { text = String(text.prefix(while: { $0 != "\n" })) + "\n" }
    try Data(text.utf8).write(to: url)
}

/// The report a run wrote.
package func readReport(_ url: URL) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
}
