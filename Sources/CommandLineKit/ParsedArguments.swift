/// A command line as written, before the environment and a config file are merged in and before any value is
/// checked (`OptionValues.resolve` does both).
public struct ParsedArguments: Sendable {
    public var positionals: [String] = []
    /// Each value option's values, in the order given.
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    /// The options in the order they were first given, for messages that follow the command line.
    var order: [String] = []

    public init() {}

    /// `-h` or `--help`.
    public var wantsHelp: Bool { flags.contains("help") }

    /// The last text given for `option` on the command line, unchecked: for what must be known before the rest is
    /// resolved (where diagnostics go, which config file to read).
    public func text(_ option: some OptionDeclaring) -> String? { values[option.declaration.name]?.last }

    mutating func append(_ value: String, for name: String) {
        if values[name] == nil && !flags.contains(name) { order.append(name) }
        values[name, default: []].append(value)
    }

    mutating func set(flag name: String) {
        if values[name] == nil && !flags.contains(name) { order.append(name) }
        flags.insert(name)
    }
}
