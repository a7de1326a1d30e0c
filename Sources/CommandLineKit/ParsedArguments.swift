/// A command line as written, before the environment and a config file are merged in and before any value is
/// checked (`OptionValues.resolve` does both).
package struct ParsedArguments: Sendable {
    package var positionals: [String] = []
    /// Each value option's values, in the order given.
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    /// The options in the order they were first given, for messages that follow the command line.
    var order: [String] = []

    package init() {}

    /// `-h` or `--help`.
    package var wantsHelp: Bool { flags.contains("help") }

    /// The last text given for `option` on the command line, unchecked: for what must be known before the rest is
    /// resolved (where diagnostics go, which config file to read).
    package func text(_ option: some OptionDeclaring) -> String? { values[option.declaration.name]?.last }

    mutating func append(_ value: String, for name: String) {
        if values[name] == nil && !flags.contains(name) { order.append(name) }
        values[name, default: []].append(value)
    }

    mutating func set(flag name: String) {
        if values[name] == nil && !flags.contains(name) { order.append(name) }
        flags.insert(name)
    }
}
