import CommandLineKit
import Testing

/// The declaration machinery on a small made-up command: each option declared once, and parsing, the merge of
/// flags, environment and config file, validation, sources and file roles all read it.
@Suite struct OptionDeclarationTests {
    static let size = Option("size", valueName: "n", .integer(in: 1...50), environment: "TOOL_SIZE", help: "Size.")
    static let pause = Option("pause", valueName: "duration", .duration(atLeast: 1), help: "Pause.")
    static let name = Option("name", valueName: "text", .text, environment: "TOOL_NAME", help: "Name.")
    static let host = Option("host", valueName: "host", .text, repeatable: true, help: "Host.")
    static let input = Option("in", valueName: "file", .text, role: .input, help: "Read this.")
    static let output = Option("out", valueName: "file", .text, role: .output, help: "Write this.")
    static let loud = Option.flag("loud", help: "Be loud.")
    static let token = Option("token", valueName: "secret", .text, inConfigFile: false, secret: true, help: "No.")
    static let allowBig = Option.flag("allow-big", help: "Allow a big limit.")
    /// A value checked against another option: above 10 only with --allow-big.
    static let limit = Option(
        "limit", valueName: "n", .integer(in: 1...100), help: "Limit.",
        check: { value, values in
            value > 10 && !values.flag(allowBig) ? InvalidValue("is above 10; add --allow-big") : nil
        })
    static let spec = CommandSpec(
        name: "run", abstract: "Run.",
        arguments: [.init(name: "file", help: "The file.", role: .input, label: "the input")],
        options: [size, pause, name, host, input, output, loud, token, allowBig, limit])
    static let other = CommandSpec(name: "other", abstract: "Other.", options: [Option.flag("elsewhere", help: "")])

    static func resolve(
        _ arguments: [String], environment: [String: String] = [:], config: [ConfigFile.Entry]? = nil
    ) throws -> OptionValues {
        let parser = ArgumentParser(program: "tool") { name, candidates in candidates.first { $0.hasPrefix(name) } }
        let parsed = try parser.parse(arguments, for: spec)
        let file = config.map { entries in
            ConfigFile(
                path: "tool.json", entries: entries, knownKeys: ["size", "pause", "name", "host", "loud", "elsewhere"],
                secretKeys: ["token", "password"], secretRefusal: { "\"\($0)\" is a secret" }, optionName: "config",
                closest: { key, candidates in candidates.first { $0.hasPrefix(String(key.prefix(2))) } })
        }
        return try OptionValues.resolve(parsed, spec: spec, environment: environment, configFile: file)
    }

    /// The message of the usage error resolving throws, or nil.
    static func refusal(
        _ arguments: [String], environment: [String: String] = [:], config: [ConfigFile.Entry]? = nil
    ) -> String? {
        do {
            _ = try resolve(arguments, environment: environment, config: config)
            return nil
        } catch let error as OptionResolutionError {
            guard case .usage(let usage) = error else { return "not usage: \(error.message)" }
            return usage.message
        } catch {
            return "\(error)"
        }
    }

    @Test func valuesAreTypedAndTheLastOneWinsUnlessRepeatable() throws {
        let values = try Self.resolve([
            "f.csv", "--size", "5", "--size=7", "--pause", "1.5m", "--host", "a", "--host", "b", "--loud",
        ])
        #expect(values[Self.size] == 7)
        #expect(values.text(Self.size) == "7")
        #expect(values[Self.pause] == 90)
        #expect(values.all(Self.host) == ["a", "b"])
        #expect(values.flag(Self.loud))
        #expect(!values.flag(Self.allowBig))
        #expect(values[Self.name] == nil && !values.has(Self.name))
        #expect(values.positionals == ["f.csv"])
    }

    @Test func aFlagBeatsTheEnvironmentWhichBeatsTheConfigFile() throws {
        let config: [ConfigFile.Entry] = [
            .init(key: "size", value: .text("3")), .init(key: "name", value: .text("from-file")),
            .init(key: "pause", value: .text("10s")), .init(key: "loud", value: .bool(true)),
        ]
        let values = try Self.resolve(
            ["f.csv", "--size", "4"], environment: ["TOOL_SIZE": "9", "TOOL_NAME": "from-env"], config: config)
        #expect(values[Self.size] == 4 && values.source(of: Self.size) == .flag)
        #expect(values[Self.name] == "from-env" && values.source(of: Self.name) == .environment("TOOL_NAME"))
        #expect(values[Self.pause] == 10 && values.source(of: Self.pause) == .configFile("tool.json"))
        #expect(values.flag(Self.loud) && !values.isFlag(Self.loud))
        #expect(values.describe(Self.size) == "--size")
        #expect(values.describe(Self.name) == "TOOL_NAME")
        #expect(values.describe(Self.pause) == "\"pause\" in tool.json")
    }

    @Test func anEmptyEnvironmentVariableCountsAsUnset() throws {
        let values = try Self.resolve(["f.csv"], environment: ["TOOL_SIZE": "", "TOOL_NAME": ""])
        #expect(!values.has(Self.size) && !values.has(Self.name))
    }

    /// One declaration, one message: the same bad value is the same usage error from a flag, the environment or a
    /// config file, naming where it came from.
    @Test func aBadValueIsOneUsageErrorWhereverItComesFrom() {
        let reason = "takes a whole number from 1 to 50, not \"51\""
        #expect(Self.refusal(["f.csv", "--size", "51"]) == "--size \(reason)")
        #expect(Self.refusal(["f.csv"], environment: ["TOOL_SIZE": "51"]) == "TOOL_SIZE \(reason)")
        #expect(
            Self.refusal(["f.csv"], config: [.init(key: "size", value: .text("51"))])
                == "\"size\" in tool.json \(reason)")
        let duration = "\"soon\" is not a duration such as 90s, 15m or 600 (at least 1s)"
        #expect(Self.refusal(["f.csv", "--pause", "soon"]) == "--pause \(duration)")
        #expect(
            Self.refusal(["f.csv"], config: [.init(key: "pause", value: .text("soon"))])
                == "\"pause\" in tool.json \(duration)")
        #expect(Self.refusal(["f.csv", "--pause", "0.5"])?.hasSuffix("(at least 1s)") == true)
    }

    @Test func aCheckSeesTheOtherOptions() throws {
        #expect(Self.refusal(["f.csv", "--limit", "20"]) == "--limit is above 10; add --allow-big")
        #expect(try Self.resolve(["f.csv", "--limit", "20", "--allow-big"])[Self.limit] == 20)
        let config: [ConfigFile.Entry] = [.init(key: "limit", value: .text("20"))]
        #expect(Self.refusal(["f.csv"], config: config) == "\"limit\" in tool.json is above 10; add --allow-big")
        let allowed = config + [.init(key: "allow-big", value: .bool(true))]
        #expect(Self.refusal(["f.csv"], config: allowed) == nil)
    }

    @Test func configFileKeysThatDoNotFitAreConfigurationErrors() throws {
        func problem(_ entry: ConfigFile.Entry) -> String? {
            do {
                _ = try Self.resolve(["f.csv"], config: [entry])
                return nil
            } catch let error as OptionResolutionError {
                guard case .configFile(let problem) = error else { return "usage: \(error.message)" }
                return problem.message
            } catch {
                return "\(error)"
            }
        }
        #expect(
            problem(.init(key: "sise", value: .text("3")))
                == "--config tool.json: \"sise\" is not an option of any command; did you mean \"size\"?")
        #expect(problem(.init(key: "token", value: .text("x"))) == "--config tool.json: \"token\" is a secret")
        #expect(problem(.init(key: "Password", value: .text("x"))) == "--config tool.json: \"Password\" is a secret")
        #expect(problem(.init(key: "size", value: .other)) == "--config tool.json: \"size\" must be a string or number")
        #expect(
            problem(.init(key: "loud", value: .text("yes"))) == "--config tool.json: \"loud\" must be true or false")
        // Another command's key is passed over: one file serves every command.
        #expect(problem(.init(key: "elsewhere", value: .bool(true))) == nil)
    }

    @Test func filesAreListedByRoleWithHowMessagesNameThem() throws {
        let config: [ConfigFile.Entry] = [.init(key: "in", value: .text("cfg-in.json"))]
        let spec = CommandSpec(
            name: "run", abstract: "Run.", arguments: Self.spec.arguments,
            options: [Self.input, Self.output])
        let parser = ArgumentParser(program: "tool") { _, _ in nil }
        let file = ConfigFile(
            path: "tool.json", entries: config, knownKeys: ["in", "out"], secretKeys: [], secretRefusal: { $0 },
            optionName: "config", closest: { _, _ in nil })
        let values = try OptionValues.resolve(
            try parser.parse(["export.csv", "--out", "report.json"], for: spec), spec: spec, configFile: file)
        #expect(values.files(.input).map(\.name) == ["the input", "\"in\" in tool.json"])
        #expect(values.files(.input).map(\.path) == ["export.csv", "cfg-in.json"])
        #expect(values.files(.output).map(\.name) == ["--out"])
        #expect(values.files(.outputDirectory).isEmpty)
    }

    @Test func aDefaultFromAnotherRecordFillsOnlyWhatNobodyGave() throws {
        var values = try Self.resolve(["f.csv", "--name", "given"])
        try values.setDefault(Self.name, "from-journal", source: .configFile("run.journal"))
        try values.setDefault(Self.size, "8", source: .configFile("run.journal"))
        #expect(values[Self.name] == "given")
        #expect(values[Self.size] == 8 && values.describe(Self.size) == "\"size\" in run.journal")
        #expect(throws: UsageError.self) { try values.setDefault(Self.pause, "never", source: .flag) }
    }

    @Test func helpAndCompletionsReadTheDeclarations() {
        let help = HelpFormatter(program: "tool").help(for: Self.spec)
        #expect(help.contains("  --size <n>              Size.\n"))
        #expect(help.contains("  --loud                  Be loud.\n"))
        let phrased = CommandSpec(name: "x", abstract: "X.", options: [Self.size.help("Size here.")])
        #expect(HelpFormatter(program: "tool").help(for: phrased).contains("--size <n>              Size here.\n"))
        #expect(phrased.option(named: "size")?.environment == "TOOL_SIZE")
        let bash = CompletionScript(
            program: "tool", generator: "completions", commands: [Self.spec], extraCommands: [], groups: []
        )
        .bash()
        #expect(bash.contains("--size --pause --name --host --in --out --loud --token --allow-big --limit --help"))
    }

    @Test(arguments: [("90", 90.0), ("90s", 90), ("1.5s", 1.5), ("500ms", 0.5), ("10m", 600), ("2h", 7200)])
    func durations(text: String, seconds: Double) {
        #expect(DurationParser.seconds(text) == seconds)
    }

    @Test func unknownOptionsGetTheClosestDeclaredName() {
        let parser = ArgumentParser(program: "tool") { name, candidates in candidates.first { $0.hasPrefix(name) } }
        #expect(throws: UsageError("unknown option '--siz' for 'run'; did you mean '--size'?")) {
            try parser.parse(["--siz", "3"], for: Self.spec)
        }
        #expect(throws: UsageError("--size needs a value (n)")) { try parser.parse(["f", "--size"], for: Self.spec) }
        #expect(throws: UsageError("--loud is a flag and takes no value")) {
            try parser.parse(["f", "--loud=1"], for: Self.spec)
        }
    }
}
