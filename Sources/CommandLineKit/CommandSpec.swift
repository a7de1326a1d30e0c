/// A command's interface: what help prints and what the parser accepts come from this one description, so help
/// cannot drift from the parser.
public struct CommandSpec: Sendable {
    public struct Option: Sendable {
        public let name: String
        /// nil for a flag.
        public let valueName: String?
        public let help: String
        public var isFlag: Bool { valueName == nil }

        public init(name: String, valueName: String?, help: String) {
            self.name = name
            self.valueName = valueName
            self.help = help
        }
    }

    public struct Argument: Sendable {
        public let name: String
        public let help: String
        public var optional = false

        public init(name: String, help: String, optional: Bool = false) {
            self.name = name
            self.help = help
            self.optional = optional
        }
    }

    /// A heading in help and the options under it.
    public struct OptionGroup: Sendable {
        public let title: String
        public let options: [String]

        public init(title: String, options: [String]) {
            self.title = title
            self.options = options
        }
    }

    public let name: String
    public let abstract: String
    public var discussion: String?
    public var arguments: [Argument] = []
    public var options: [Option] = []
    public var examples: [(command: String, comment: String)] = []
    /// Headings for the options in help, in order; options no group names are listed last under "Other options".
    public var groups: [OptionGroup] = []

    public init(
        name: String, abstract: String, discussion: String? = nil, arguments: [Argument] = [], options: [Option] = [],
        examples: [(command: String, comment: String)] = [], groups: [OptionGroup] = []
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.examples = examples
        self.groups = groups
    }

    public func option(named name: String) -> Option? { options.first { $0.name == name } }

    public static let helpOption = Option(name: "help", valueName: nil, help: "Show help for this command.")
}
