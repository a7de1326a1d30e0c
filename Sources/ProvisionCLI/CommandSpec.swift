import Sync

/// A command's interface: what help prints and what the parser accepts come from this one description, so help
/// cannot drift from the parser.
struct CommandSpec: Sendable {
    struct Option: Sendable {
        let name: String
        /// nil for a flag.
        let valueName: String?
        let help: String
        var isFlag: Bool { valueName == nil }
    }

    struct Argument: Sendable {
        let name: String
        let help: String
        var optional = false
    }

    let name: String
    let abstract: String
    var discussion: String?
    var arguments: [Argument] = []
    var options: [Option] = []
    var examples: [(command: String, comment: String)] = []
    /// Headings for the options in help, in order; options no group names are listed last under "Other options".
    var groups: [OptionGroup] = []

    /// A heading in help and the options under it.
    struct OptionGroup: Sendable {
        let title: String
        let options: [String]
    }

    func option(named name: String) -> Option? { options.first { $0.name == name } }

    static let helpOption = Option(name: "help", valueName: nil, help: "Show help for this command.")
}

/// The parsed command line of one command.
struct ParsedArguments: Sendable {
    var positionals: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func flag(_ name: String) -> Bool { flags.contains(name) }
    func has(_ name: String) -> Bool { values[name] != nil || flags.contains(name) }

    func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            let bounds =
                range.upperBound == Int.max
                ? "of \(range.lowerBound) or more" : "from \(range.lowerBound) to \(range.upperBound)"
            throw UsageError("--\(name) takes a whole number \(bounds), not \"\(text)\"")
        }
        return number
    }
}

/// A command line that does not fit the command: exit 64 with the message and a pointer to help.
struct UsageError: Error, Sendable, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}
