import Foundation
import TestSupport
import Testing

/// The hostile-input corpus (Fixtures/hostile/cases.json): each bad file with its exit status and the message it must
/// produce. None may crash, hang (every run has a time limit) or use more memory than docs/benchmarks.md allows.
@Suite struct HostileInputTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let file: String
        let status: Int32
        let contains: String
        let mapping: String?
        var testDescription: String { file }
    }

    static let directory = repositoryRoot.appendingPathComponent("Tests/CLITests/Fixtures/hostile")
    static let cases: [Case] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("cases.json")) else { return [] }
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()
    /// Peak RSS allowed for any hostile input (docs/benchmarks.md): these files are small, so the bound is tight.
    static let memoryLimitKB = 128 * 1024

    static func peakRSS(_ stderr: String) -> Int? {
        stderr.split(separator: "\n").last { $0.contains("peak-rss-kb") }.flatMap {
            Int($0.split(separator: " ").last ?? "")
        }
    }

    @Test func corpusHasAtLeastThirtyFiles() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func badInputGivesItsStatusAndMessage(_ testCase: Case) throws {
        // The corpus is about other faults; none of its files maps active.
        var arguments = [
            "validate", Self.directory.appendingPathComponent(testCase.file).path, "--max-problems", "0",
            "--allow-missing-active",
        ]
        if let mapping = testCase.mapping {
            arguments += ["--mapping", Self.directory.appendingPathComponent(mapping).path]
        }
        let result = try BinaryRunner.run(arguments, environment: ["PROVISION_DEBUG_PEAK_RSS": "1"], timeout: 60)
        #expect(result.status == testCase.status, "\(result.stderr)")
        #expect((result.stdout + result.stderr).contains(testCase.contains), "\(result.stdout)\n\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
        let rss = try #require(Self.peakRSS(result.stderr))
        #expect(rss < Self.memoryLimitKB, "peak RSS \(rss) kB")
    }

    /// A custom attribute: no Entra limit applies to it, so the huge value is read, not refused.
    static let notes = "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:notes"

    @Test func hundredMegabyteFieldIsReadNotRefused() throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let url = dir.appendingPathComponent("huge-field.csv")
        let start = "externalId,userName,active,\(Self.notes)\n1,a@x.com,true,\""
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(start.utf8))
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<100 { handle.write(chunk) }
        handle.write(Data("\"\n".utf8))
        try handle.close()
        let result = try BinaryRunner.run(
            ["validate", url.path], environment: ["PROVISION_DEBUG_PEAK_RSS": "1"], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 valid"))
        // The field is held once as bytes and once as a String, plus the encoded record: bounded, not quadratic.
        let rss = try #require(Self.peakRSS(result.stderr))
        #expect(rss < 1024 * 1024, "peak RSS \(rss) kB")
    }

    @Test func millionColumnsAreRefusedQuickly() throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let url = dir.appendingPathComponent("wide.csv")
        var header = "externalId,userName"
        header.reserveCapacity(12_000_000)
        for index in 0..<999_998 { header += ",urn:x:y:User:a\(index)" }
        try Data((header + "\n1,a@x.com" + String(repeating: ",v", count: 999_998) + "\n").utf8).write(to: url)
        let result = try BinaryRunner.run(
            ["validate", url.path], environment: ["PROVISION_DEBUG_PEAK_RSS": "1"], timeout: 60)
        #expect(result.status == 65)
        #expect(result.stderr.contains("the header has 1000000 columns"))
        let rss = try #require(Self.peakRSS(result.stderr))
        #expect(rss < 512 * 1024, "peak RSS \(rss) kB")
    }
}
