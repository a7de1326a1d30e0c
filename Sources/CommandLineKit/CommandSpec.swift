/// A command's interface: what help prints, what the parser accepts and which settings the command reads come from
/// this one description, so help cannot drift from the parser.
package struct CommandSpec: Sendable {
    package struct Argument: Sendable {
        package let name: String
        package let help: String
        package var optional = false
        /// What the file it names is to the command, and how a message names it ("the input").
        package var role: FileRole?
        package var label: String?

        package init(name: String, help: String, optional: Bool = false, role: FileRole? = nil, label: String? = nil) {
            self.name = name
            self.help = help
            self.optional = optional
            self.role = role
            self.label = label
        }
    }

    /// A heading in help and the options under it.
    package struct OptionGroup: Sendable {
        package let title: String
        package let options: [String]

        package init(title: String, options: [String]) {
            self.title = title
            self.options = options
        }
    }

    package let name: String
    package let abstract: String
    package var discussion: String?
    package var arguments: [Argument] = []
    package var options: [OptionDeclaration] = []
    package var examples: [(command: String, comment: String)] = []
    /// Headings for the options in help, in order; options no group names are listed last under "Other options".
    package var groups: [OptionGroup] = []

    package init(
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

    package func option(named name: String) -> OptionDeclaration? { options.first { $0.name == name } }

    /// Whether the command takes this option.
    package func takes(_ option: some OptionDeclaring) -> Bool { self.option(named: option.declaration.name) != nil }

    package static let helpOption = Option.flag("help", help: "Show help for this command.").declaration
}
