/// A command's interface: what help prints, what the parser accepts and which settings the command reads come from
/// this one description, so help cannot drift from the parser.
public struct CommandSpec: Sendable {
    public struct Argument: Sendable {
        public let name: String
        public let help: String
        public var optional = false
        /// What the file it names is to the command, and how a message names it ("the input").
        public var role: FileRole?
        public var label: String?

        public init(name: String, help: String, optional: Bool = false, role: FileRole? = nil, label: String? = nil) {
            self.name = name
            self.help = help
            self.optional = optional
            self.role = role
            self.label = label
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
    public var options: [OptionDeclaration] = []
    public var examples: [(command: String, comment: String)] = []
    /// Headings for the options in help, in order; options no group names are listed last under "Other options".
    public var groups: [OptionGroup] = []

    public init(
        name: String, abstract: String, discussion: String? = nil, arguments: [Argument] = [],
        options: [any OptionDeclaring] = [], examples: [(command: String, comment: String)] = [],
        groups: [OptionGroup] = []
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options.map(\.declaration)
        self.examples = examples
        self.groups = groups
    }

    public func option(named name: String) -> OptionDeclaration? { options.first { $0.name == name } }

    /// Whether the command takes this option.
    public func takes(_ option: some OptionDeclaring) -> Bool { self.option(named: option.declaration.name) != nil }

    public static let helpOption = Option.flag("help", help: "Show help for this command.").declaration
}
