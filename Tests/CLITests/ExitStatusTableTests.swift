import CommandReference
import Foundation
import Sync
import TestSupport
import Testing

/// The table of exit statuses exists once (`ExitStatus.meanings`, with the rule of which wins): `provision help
/// exit-codes` is generated from it, and README's table is held to it here.
@Suite struct ExitStatusTableTests {
    /// README's "Exit statuses" table: each row's status and meaning, code spans read as plain text.
    static func readmeRows() throws -> [(Int32, String)] {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## Exit statuses\n").dropFirst().first)
        let body = try #require(section.components(separatedBy: "\n## ").first)
        return body.split(separator: "\n").compactMap { line -> (Int32, String)? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count == 4, let status = Int32(cells[1]) else { return nil }
            return (status, cells[2].replacingOccurrences(of: "`", with: ""))
        }
    }

    static func words(_ text: String) -> String {
        text.replacingOccurrences(of: "`", with: "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func readmesTableIsTheTable() throws {
        let rows = try Self.readmeRows()
        #expect(rows.map(\.0) == ExitStatus.meanings.map(\.status.rawValue))
        for ((status, readme), (_, meaning)) in zip(rows, ExitStatus.meanings) {
            #expect(readme == meaning, "README's row for exit \(status) differs from ExitStatus.meanings")
        }
    }

    @Test func readmeStatesTheRuleOfPrecedence() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(Self.words(readme).contains(Self.words(ExitStatus.precedenceRule)))
    }

    @Test func helpExitCodesIsGeneratedFromTheTable() async {
        let result = await InProcessCommand.run(["help", "exit-codes"])
        #expect(result.status == 0)
        #expect(result.stdout == ExitCodesHelp.text)
        let text = Self.words(result.stdout)
        for (status, meaning) in ExitStatus.meanings {
            #expect(text.contains("\(status.rawValue) \(Self.words(meaning))"), "exit \(status.rawValue)")
        }
        #expect(text.contains(Self.words(ExitStatus.precedenceRule)))
    }

    @Test func everyStatusHasAMeaningAndAPlaceInTheOrder() {
        #expect(Set(ExitStatus.meanings.map(\.status)) == Set(ExitStatus.allCases))
        #expect(ExitStatus.meanings.count == ExitStatus.allCases.count)
        #expect(Set(ExitStatus.precedence) == Set(ExitStatus.allCases))
        #expect(ExitStatus.precedence.count == ExitStatus.allCases.count)
    }
}
