import EntraEmulator
import Foundation
import TestSupport
import Testing

/// README's "Start the emulator by hand" is what a new user copies: the exports it shows must be the values the
/// emulator prints, complete. (A move of text to docs/emulators.md once cut the endpoint in two mid-line and lost the
/// other exports, and nothing noticed.)
@Suite struct ReadmeEmulatorTests {
    @Test func theExportsByHandAreWhatTheEmulatorPrints() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(
            readme.components(separatedBy: "### Start the emulator by hand").dropFirst().first?
                .components(separatedBy: "\n## ").first)
        guard case .run(let configuration) = try EmulatorConfiguration.parse(["--port", "8080"]) else {
            Issue.record("the emulator's defaults did not parse")
            return
        }
        var printed: [String: String] = [:]
        for line in Emulator.banner(port: 8080, configuration: configuration).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { printed[parts[0]] = parts[1] }
            #expect(section.contains(line + "\n"), "README's banner lacks the emulator's line: \(line)")
        }
        var exported: [String: String] = [:]
        for line in section.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1).map(String.init)
            guard assignment.count == 2 else { continue }
            exported[assignment[0]] = assignment[1].trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
        let expected = [
            "PROVISION_ENDPOINT": "endpoint", "AZURE_AUTHORITY_HOST": "authority", "AZURE_TENANT_ID": "tenant-id",
            "AZURE_CLIENT_ID": "client-id", "AZURE_CLIENT_SECRET": "client-secret",
        ]
        for (variable, key) in expected {
            let value = try #require(printed[key], "the emulator prints no \(key)")
            #expect(exported[variable] == value, "README exports \(variable)=\(exported[variable] ?? "nothing")")
        }
        #expect(section.contains("provision check && provision upload samples/users.csv"))
    }
}
