import Foundation
import TestSupport
import Testing

/// `--directory` against a tenant whose users hold hostile text: what a directory user's name says reaches the plan's
/// text, Markdown and JUnit outputs only escaped.
@Suite(.timeLimit(.minutes(3))) struct DirectoryHostileTests {
    /// A userPrincipalName with a right-to-left override, HTML and a Markdown link; an employeeId with a terminal
    /// escape. The record's mail collides with that user's, so each output quotes them.
    static let seed = #"""
        [{"id": "e1000000-0000-4000-8000-000000000001",
          "userPrincipalName": "evil\u202Etxt.exe<b>[x](javascript:alert(1))@contoso.com",
          "employeeId": "\u001B[31mX9", "mail": "taken@contoso.com"}]
        """#

    @Test func aDirectoryUsersHostileNameIsEscapedInEveryPlanOutput() async throws {
        let workspace = try Workspace()
        let seed = try workspace.write(Self.seed, to: "seed.json").path
        let input = try workspace.write(
            "externalId,userName,active,emails[type eq \"work\"].value\nX1,x1@contoso.com,true,taken@contoso.com\n",
            to: "u.csv"
        ).path
        let junit = workspace.url("plan.xml").path
        let markdown = workspace.url("plan.md").path
        let emulator = try InProcessEmulator(["--directory-seed", seed])
        let planned = await InProcessCommand.run(
            ["plan", input, "--directory", "--junit", junit, "--summary-md", markdown],
            environment: emulator.environment)
        #expect(planned.stdout.contains("collision") || planned.stdout.contains("fails"), "\(planned.stdout)")
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        let summary = try String(contentsOfFile: markdown, encoding: .utf8)
        for (name, text) in [("text", planned.stdout + planned.stderr), ("JUnit", xml), ("Markdown", summary)] {
            #expect(text.contains("taken@contoso.com"), "\(name) names the collision: \(text)")
            #expect(!text.unicodeScalars.contains("\u{202E}"), "\(name) holds a raw bidi override")
            #expect(!text.unicodeScalars.contains("\u{1B}"), "\(name) holds a raw escape")
            #expect(text.lowercased().contains("\\u{202e}"), "\(name) shows the override escaped: \(text)")
        }
        #expect(!xml.contains("<b>") && !summary.contains("<b>"), "raw HTML: \(xml)\n\(summary)")
        #expect(!summary.contains("](javascript"), "\(summary)")
    }
}
