import Testing

@testable import CommandLineKit

/// `--name value`, `--name=value`, flags, positionals and `--`; each mistake a usage error that says what is wrong
/// and, for a misspelt option, the closest one the command has.
@Suite struct ArgumentParserTests {
    @Test func bothSpellingsFlagsAndPositionals() throws {
        let parsed = try Fixtures.parse(["a.txt", "--mode", "600", "--force", "--tag=x", "b.txt", "--tag", "y"])
        #expect(parsed.positionals == ["a.txt", "b.txt"])
        #expect(parsed.value("mode") == "600")
        #expect(parsed.flag("force") && !parsed.flag("mode"))
        #expect(parsed.all("tag") == ["x", "y"] && parsed.value("tag") == "y", "repeated: all kept, the last wins")
        #expect(parsed.has("mode") && parsed.has("force") && !parsed.has("count"))
        #expect(parsed.value("count") == nil && parsed.all("count").isEmpty)
    }

    @Test func aValueMayLookLikeAnOptionAndAnInlineValueMayBeEmptyOrHoldEquals() throws {
        let parsed = try Fixtures.parse(["a", "--mode", "--force", "--tag=", "--count=a=b"])
        #expect(parsed.value("mode") == "--force" && !parsed.flag("force"))
        #expect(parsed.value("tag") == "" && parsed.value("count") == "a=b")
    }

    @Test func doubleDashEndsTheOptionsAndADashAloneIsAnArgument() throws {
        let parsed = try Fixtures.parse(["--force", "--", "--mode", "-"])
        #expect(parsed.positionals == ["--mode", "-"] && parsed.flag("force") && !parsed.has("mode"))
        #expect(try Fixtures.parse(["-"]).positionals == ["-"])
    }

    @Test func helpInEitherSpellingNeedsNoArguments() throws {
        #expect(try Fixtures.parse(["-h"]).flag("help"))
        #expect(try Fixtures.parse(["--help", "a", "b", "c"]).flag("help"), "help wins over a wrong argument count")
        #expect(Fixtures.usageError(["--help=yes"]) == "--help is a flag and takes no value")
    }

    @Test(arguments: [
        (["a", "--mod", "1"], "unknown option '--mod' for 'copy'; did you mean '--mode'?"),
        (["a", "--forse"], "unknown option '--forse' for 'copy'; did you mean '--force'?"),
        (["a", "--zzz"], "unknown option '--zzz' for 'copy'"),
        (["a", "-f"], "unknown option '-f'; options are spelled --name (see 'tool help copy')"),
        (["a", "--force=yes"], "--force is a flag and takes no value"),
        (["a", "--mode"], "--mode needs a value (MODE)"),
        ([], "missing source (usage: tool copy <source> [<target>] [<options>])"),
        (["--force"], "missing source (usage: tool copy <source> [<target>] [<options>])"),
        (["a", "b", "c"], "unexpected argument 'c' (usage: tool copy <source> [<target>] [<options>])"),
    ])
    func eachMistakeSaysWhatIsWrong(arguments: [String], message: String) {
        #expect(Fixtures.usageError(arguments) == message)
    }

    @Test func aCommandWithoutArgumentsRefusesAny() {
        let status = CommandSpec(name: "status", abstract: "Show the status.")
        #expect(Fixtures.usageError([], status) == nil)
        #expect(Fixtures.usageError(["x"], status) == "unexpected argument 'x' (usage: tool status)")
        #expect(Fixtures.usageError(["--mode", "1"], status) == "unknown option '--mode' for 'status'")
    }

    @Test func wholeNumbersAreCheckedAgainstTheirDeclaredRange() throws {
        let resolve = { (arguments: [String]) throws -> OptionValues in
            try OptionValues.resolve(Fixtures.parse(arguments), spec: Fixtures.copy, environment: [:], configFile: nil)
        }
        let count = Fixtures.copy.option(named: "count")!
        #expect(try resolve(["a", "--count", "50"]).has(count))
        #expect(try !resolve(["a"]).has(count))
        #expect(throws: OptionResolutionError.usage(UsageError(#"--count takes a whole number from 1 to 50, not "0""#)))
        {
            try resolve(["a", "--count", "0"])
        }
        #expect(throws: OptionResolutionError.usage(UsageError(#"--count takes a whole number from 1 to 50, not "x""#)))
        {
            try resolve(["a", "--count", "x"])
        }
    }
}
