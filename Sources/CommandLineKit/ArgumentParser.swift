/// Parses `--name value`, `--name=value`, flags, and positionals; `--` ends options. Unknown options get a
/// "did you mean" from the command's own option list.
package struct ArgumentParser: Sendable {
    /// The program's name, for the pointers to help in messages.
    package let program: String
    /// The candidate closest to a misspelt name, or nil: the program's own notion of "close" (the kit has none).
    package let closest: @Sendable (_ name: String, _ candidates: [String]) -> String?

    package init(program: String, closest: @escaping @Sendable (_ name: String, _ candidates: [String]) -> String?) {
        self.program = program
        self.closest = closest
    }

    package func parse(_ arguments: [String], for spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        let help = HelpFormatter(program: program)
        var parsed = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument == "-h" {
                parsed.set(flag: "help")
                continue
            }
            guard argument.hasPrefix("--") else {
                throw UsageError(
                    "unknown option '\(argument)'; options are spelled --name (see '\(program) help \(spec.name)')")
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = spec.option(named: name) ?? (name == "help" ? CommandSpec.helpOption : nil) else {
                let suggestion = closest(name, spec.options.map(\.name)).map { "; did you mean '--\($0)'?" } ?? ""
                throw UsageError("unknown option '--\(name)' for '\(spec.name)'\(suggestion)")
            }
            if option.isFlag {
                if inlineValue != nil { throw UsageError("--\(name) is a flag and takes no value") }
                parsed.set(flag: name)
                continue
            }
            if let inlineValue {
                parsed.append(inlineValue, for: name)
            } else {
                guard index < arguments.count else {
                    throw UsageError("--\(name) needs a value (\(option.valueName ?? "value"))")
                }
                parsed.append(arguments[index], for: name)
                index += 1
            }
        }
        if parsed.wantsHelp { return parsed }
        let required = spec.arguments.filter { !$0.optional }
        if parsed.positionals.count < required.count {
            throw UsageError("missing \(required[parsed.positionals.count].name) (usage: \(help.usageLine(spec)))")
        }
        if parsed.positionals.count > spec.arguments.count {
            throw UsageError(
                "unexpected argument '\(parsed.positionals[spec.arguments.count])' (usage: "
                    + "\(help.usageLine(spec)))"
            )
        }
        return parsed
    }
}
