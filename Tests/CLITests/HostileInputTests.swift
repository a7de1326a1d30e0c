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
    func badInputGivesItsStatusAndMessage(_ testCase: Case) async throws {
        // The corpus is about other faults; none of its files maps active.
        var arguments = [
            "validate", Self.directory.appendingPathComponent(testCase.file).path, "--max-problems", "0",
            "--allow-missing-active",
        ]
        if let mapping = testCase.mapping {
            arguments += ["--mapping", Self.directory.appendingPathComponent(mapping).path]
        }
        let result = try await BinaryRunner.run(arguments, environment: ["PROVISION_DEBUG_PEAK_RSS": "1"], timeout: 60)
        #expect(result.status == testCase.status, "\(result.stderr)")
        #expect((result.stdout + result.stderr).contains(testCase.contains), "\(result.stdout)\n\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
        let rss = try #require(Self.peakRSS(result.stderr))
        #expect(rss < Self.memoryLimitKB, "peak RSS \(rss) kB")
    }

    /// A custom attribute: no Entra limit applies to it, so only the reader's field limit stops the huge value.
    static let notes = "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:notes"

    /// CPU milliseconds the run took (`PROVISION_DEBUG_PEAK_RSS` prints them too).
    static func cpuMilliseconds(_ stderr: String) -> Int? {
        stderr.split(separator: "\n").last { $0.contains("cpu-ms") }.flatMap {
            Int($0.split(separator: " ").last ?? "")
        }
    }

    /// A 200 MB cell took 420 MB: the field limit (256 KB, README) stops it at its line and column, having read
    /// only a little past the limit, in bounded memory.
    @Test func aHundredMegabyteFieldIsRefusedAtTheFieldLimitInBoundedMemory() async throws {
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
        // (`mapping suggest` reads only the header: its limit is the other test's.)
        for command in [["validate"], ["plan"], ["upload", "--dry-run"]] {
            let result = try await BinaryRunner.run(
                command + [url.path], environment: ["PROVISION_DEBUG_PEAK_RSS": "1"], timeout: 120)
            #expect(result.status == 65, "\(command): \(result.stderr)")
            #expect(
                result.stderr.contains(
                    "\(url.path):2: field 4 (column \(Self.notes)) is longer than 256 KB, the most a field may hold"),
                "\(command): \(result.stderr)")
            let rss = try #require(Self.peakRSS(result.stderr))
            #expect(rss < 64 * 1024, "\(command): peak RSS \(rss) kB")
        }
    }

    /// `validate /dev/zero` grew to 2.2 GB and kept going: an endless stream is one growing field, stopped at the
    /// field limit, in bounded memory and CPU (limits in README, "Bounded memory for any input").
    @Test func validateOfAnEndlessStreamEndsAtTheFieldLimit() async throws {
        let result = try await BinaryRunner.run(
            ["validate", "/dev/zero"], environment: ["PROVISION_DEBUG_PEAK_RSS": "1"], timeout: 60)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(
            result.stderr.contains("/dev/zero:1: field 1 is longer than 256 KB, the most a field may hold"),
            "\(result.stderr)")
        let rss = try #require(Self.peakRSS(result.stderr))
        #expect(rss < 64 * 1024, "peak RSS \(rss) kB")
        let cpu = try #require(Self.cpuMilliseconds(result.stderr))
        #expect(cpu < 10_000, "CPU \(cpu) ms")
    }

    @Test func millionColumnsAreRefusedQuickly() async throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let url = dir.appendingPathComponent("wide.csv")
        var header = "externalId,userName"
        header.reserveCapacity(12_000_000)
        for index in 0..<999_998 { header += ",urn:x:y:User:a\(index)" }
        try Data((header + "\n1,a@x.com" + String(repeating: ",v", count: 999_998) + "\n").utf8).write(to: url)
        for command in [["validate"], ["mapping", "suggest"]] {
            let result = try await BinaryRunner.run(
                command + [url.path], environment: ["PROVISION_DEBUG_PEAK_RSS": "1"], timeout: 60)
            #expect(result.status == 65)
            #expect(
                result.stderr.contains("\(url.path):1: the header has more than 10000 fields"), "\(result.stderr)")
            let rss = try #require(Self.peakRSS(result.stderr))
            #expect(rss < 64 * 1024, "peak RSS \(rss) kB")
        }
    }

    /// `mapping suggest` on a 100,000-column header ran for minutes; a header of 1,001 to 10,000 columns passes the
    /// reader but is more than a mapping may hold, so suggest refuses it as validate does.
    @Test func mappingSuggestRefusesAHeaderWiderThanAMapping() async throws {
        let workspace = try Workspace()
        let header = (0..<5_000).map { "Column\($0)" }.joined(separator: ",")
        let url = try workspace.write(header + "\n", to: "wide.csv")
        let result = await InProcessCommand.run(["mapping", "suggest", url.path])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("\(url.path):1: "), "\(result.stderr)")
        #expect(result.stderr.contains("the header has 5000 columns"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
