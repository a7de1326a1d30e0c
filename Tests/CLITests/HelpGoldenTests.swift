import Foundation
import TestSupport
import Testing

/// Help is generated from the same command descriptions the parser uses; these golden files make every change to it
/// visible in review. Regenerate with `UPDATE_GOLDEN=1 swift test --filter HelpGoldenTests`.
@Suite struct HelpGoldenTests {
    static let directory = repositoryRoot.appendingPathComponent("Tests/CLITests/Fixtures/help")
    static let commands = [
        "validate", "upload", "status", "plan", "check", "schema show", "schema diff", "schema apply",
        "mapping suggest", "mapping test", "config show", "completions",
    ]

    func compare(_ actual: String, golden name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Golden.check(actual, against: name, in: Self.directory, sourceLocation: sourceLocation)
    }

    @Test(arguments: commands)
    func helpMatchesTheGoldenFileInEveryForm(command: String) async throws {
        let words = command.split(separator: " ").map(String.init)
        let viaHelp = await InProcessCommand.run(["help"] + words)
        let viaFlag = await InProcessCommand.run(words + ["--help"])
        let viaShort = await InProcessCommand.run(words + ["-h"])
        #expect(viaHelp.status == 0)
        #expect(viaFlag.stdout == viaHelp.stdout)
        #expect(viaShort.stdout == viaHelp.stdout)
        for heading in ["OVERVIEW:", "USAGE:", "OPTIONS:"] { #expect(viaHelp.stdout.contains(heading)) }
        try compare(viaHelp.stdout, golden: command.replacingOccurrences(of: " ", with: "-") + ".txt")
    }

    @Test func overviewListsEveryCommand() async throws {
        let result = await InProcessCommand.run(["--help"])
        #expect(result.status == 0)
        for command in Self.commands { #expect(result.stdout.contains("  \(command)")) }
        try compare(result.stdout, golden: "overview.txt")
    }

    /// `provision help mapping` is a topic, not a command: the mapping-file reference with the function list.
    @Test func mappingTopicMatchesTheGoldenFile() async throws {
        let result = await InProcessCommand.run(["help", "mapping"])
        #expect(result.status == 0, "\(result.stderr)")
        for section in ["VALUES:", "OPTIONS (of the object forms):", "EXPRESSIONS:", "FUNCTIONS", "NOT AVAILABLE"] {
            #expect(result.stdout.contains("\n\(section)"), "\(section)")
        }
        let signatures = [
            "Join(separator, source, …)", "Switch(source, [defaultValue], key, value, …)", "Trim(source) +",
        ]
        for function in signatures {
            #expect(result.stdout.contains(function), "\(function)")
        }
        #expect(await InProcessCommand.run(["help", "maping"]).stderr.contains("did you mean 'mapping'?"))
        try compare(result.stdout, golden: "topic-mapping.txt")
    }

    @Test func versionNamesTheCommit() async throws {
        let result = try await BinaryRunner.run(["--version"])
        #expect(result.status == 0)
        #expect(
            result.stdout.range(
                of:
                    #"^provision \d+\.\d+\.\d+ \(commit ([0-9a-f]{7,}|unknown(: built before the checkout moved to [0-9a-f]{7})?)\)\n$"#,
                options: .regularExpression)
                != nil, "\(result.stdout)")
    }

    @Test func bothOptionSpellingsAndDoubleDashWork() async throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let file = dir.appendingPathComponent("-odd name.csv")
        try Data("externalId;userName;active\n1;a@x.com;true\n".utf8).write(to: file)
        let result = await InProcessCommand.run(["validate", "--delimiter=;", "--max-problems", "5", "--", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(await InProcessCommand.run(["validate", "--delimiter"]).status == 64)
        #expect(
            await InProcessCommand.run(["validate", "a.csv", "b.csv"]).stderr.contains("unexpected argument 'b.csv'"))
    }

    @Test func completionScriptsMentionEveryOption() async throws {
        let bash = await InProcessCommand.run(["completions", "bash"])
        #expect(bash.status == 0)
        #expect(bash.stdout.contains("--max-disable") && bash.stdout.contains("--max-rename"))
        #expect(bash.stdout.contains("complete -F _provision provision"))
        let zsh = await InProcessCommand.run(["completions", "zsh"])
        #expect(zsh.stdout.hasPrefix("#compdef provision"))
        #expect(await InProcessCommand.run(["completions", "fish"]).status == 64)
    }
}
