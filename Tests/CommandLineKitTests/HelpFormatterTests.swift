import Testing

@testable import CommandLineKit

/// Help in the OVERVIEW / USAGE / ARGUMENTS / OPTIONS / EXAMPLES layout, two columns at 26, wrapped at 100.
@Suite struct HelpFormatterTests {
    static let formatter = HelpFormatter(program: "tool")

    @Test func theWholeLayoutOfACommand() {
        #expect(
            Self.formatter.help(for: Fixtures.copy) == """
                OVERVIEW: Copy a file.

                USAGE: tool copy <source> [<target>] [<options>]

                ARGUMENTS:
                  <source>                The file to copy.
                  <target>                Where to.

                OPTIONS:
                  --mode <MODE>           The permission bits.
                  --tag <TAG>             A tag; give it again for more.
                  --count <N>             How many copies.
                  --force                 Overwrite the target.
                  -h, --help              Show help for this command.

                EXAMPLES:
                  # copy a to b
                  tool copy a b

                """)
    }

    @Test func groupsAreHeadingsAndWhatNoGroupNamesIsUnderOtherOptions() {
        var spec = CommandSpec(
            name: "status", abstract: "Show the status.", discussion: "Reads the logs.\nWaits when asked.",
            options: Array(Fixtures.copy.options.prefix(2)))
        spec.groups = [.init(title: "Output", options: ["tag"])]
        #expect(
            Self.formatter.help(for: spec) == """
                OVERVIEW: Show the status.

                Reads the logs.
                Waits when asked.

                USAGE: tool status [<options>]

                OPTIONS:
                  Output:
                  --tag <TAG>             A tag; give it again for more.

                  Other options:
                  --mode <MODE>           The permission bits.
                  -h, --help              Show help for this command.

                """)
    }

    @Test func aLongLabelPutsItsHelpOnTheNextLineAndLongHelpWraps() {
        let words = Array(repeating: "word", count: 20).joined(separator: " ")
        let row = HelpFormatter.row("--a-very-long-option <VALUE>", words)
        let pad = String(repeating: " ", count: 26)
        let lines = row.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "  --a-very-long-option <VALUE>")
        #expect(lines[1] == pad + Array(repeating: "word", count: 15).joined(separator: " "))
        #expect(lines[2] == pad + Array(repeating: "word", count: 5).joined(separator: " "))
        #expect(lines.count == 4 && lines[3].isEmpty)
        #expect(lines.allSatisfy { $0.count <= 100 })
    }

    @Test func wrappingIsGreedyAndKeepsAWordLongerThanTheWidthWhole() {
        #expect(HelpFormatter.wrap("aa bb cc dd", width: 5) == "aa bb\ncc dd")
        #expect(HelpFormatter.wrap("a verylongword b", width: 4) == "a\nverylongword\nb")
        #expect(HelpFormatter.wrap("", width: 10) == "")
    }

    @Test func theUsageLineListsArgumentsAndOptionsOnlyWhenThereAreAny() {
        #expect(Self.formatter.usageLine(Fixtures.copy) == "tool copy <source> [<target>] [<options>]")
        #expect(Self.formatter.usageLine(CommandSpec(name: "version", abstract: "")) == "tool version")
    }
}
