@testable import CommandLineKit

/// A small command of a made-up program, so that the kit is tested without any of provision's specs.
enum Fixtures {
    static let copy = CommandSpec(
        name: "copy", abstract: "Copy a file.",
        arguments: [
            .init(name: "source", help: "The file to copy."), .init(name: "target", help: "Where to.", optional: true),
        ],
        options: [
            Option("mode", valueName: "MODE", .text, help: "The permission bits."),
            Option("tag", valueName: "TAG", .text, repeatable: true, help: "A tag; give it again for more."),
            Option("count", valueName: "N", .integer(in: 1...50), help: "How many copies."),
            Option.flag("force", help: "Overwrite the target."),
        ],
        examples: [(command: "tool copy a b", comment: "copy a to b")])

    /// The closest candidate sharing the first three letters: the program decides what "close" is, not the kit.
    static let parser = ArgumentParser(program: "tool") { name, candidates in
        candidates.first { $0.hasPrefix(String(name.prefix(3))) && $0 != name }
    }

    static func parse(_ arguments: [String], _ spec: CommandSpec = copy) throws(UsageError) -> ParsedArguments {
        try parser.parse(arguments, for: spec)
    }

    /// The message of the usage error `arguments` make, or nil when they parse.
    static func usageError(_ arguments: [String], _ spec: CommandSpec = copy) -> String? {
        do {
            _ = try parse(arguments, spec)
            return nil
        } catch {
            return error.message
        }
    }
}

/// What the parser recorded for an option, read the way these tests ask (the commands read resolved, typed values).
extension ParsedArguments {
    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func flag(_ name: String) -> Bool { flags.contains(name) }
    func has(_ name: String) -> Bool { values[name] != nil || flags.contains(name) }
}
