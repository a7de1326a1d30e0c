/// Help text in the OVERVIEW / USAGE / ARGUMENTS / OPTIONS layout of swift-argument-parser.
package struct HelpFormatter: Sendable {
    /// The program's name, as usage lines start.
    package let program: String

    package init(program: String) { self.program = program }

    package func usageLine(_ spec: CommandSpec) -> String {
        var parts = [program, spec.name]
        parts += spec.arguments.map { $0.optional ? "[<\($0.name)>]" : "<\($0.name)>" }
        if !spec.options.isEmpty { parts.append("[<options>]") }
        return parts.joined(separator: " ")
    }

    package func help(for spec: CommandSpec) -> String {
        var text = "OVERVIEW: \(spec.abstract)\n"
        if let discussion = spec.discussion {
            text +=
                "\n"
                + discussion.split(separator: "\n").map { Self.wrap(String($0), width: 100) }.joined(
                    separator: "\n")
                + "\n"
        }
        text += "\nUSAGE: \(usageLine(spec))\n"
        if !spec.arguments.isEmpty {
            text += "\nARGUMENTS:\n"
            for argument in spec.arguments { text += Self.row("<\(argument.name)>", argument.help) }
        }
        text += "\nOPTIONS:\n"
        if spec.groups.isEmpty {
            for option in spec.options + [CommandSpec.helpOption] { text += Self.row(option) }
        } else {
            let grouped = Set(spec.groups.flatMap(\.options))
            let rest = spec.options.filter { !grouped.contains($0.name) } + [CommandSpec.helpOption]
            for (index, group) in spec.groups.enumerated() {
                text += (index == 0 ? "" : "\n") + "  \(group.title):\n"
                for name in group.options { if let option = spec.option(named: name) { text += Self.row(option) } }
            }
            text += "\n  Other options:\n"
            for option in rest { text += Self.row(option) }
        }
        if !spec.examples.isEmpty {
            text += "\nEXAMPLES:\n"
            for example in spec.examples {
                text += "  # \(example.comment)\n  \(example.command)\n"
            }
        }
        return text
    }

    package static func row(_ option: OptionDeclaration) -> String {
        let label =
            option.name == "help" ? "-h, --help" : "--\(option.name)" + (option.valueName.map { " <\($0)>" } ?? "")
        return row(label, option.help)
    }

    /// Greedy word wrap.
    package static func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + word.count + 1 > width {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }

    /// A two-column row; long labels put the help on the next line, long help wraps at 100 columns.
    package static func row(_ label: String, _ help: String) -> String {
        let indent = 26
        let lines = wrap(help, width: 100 - indent).split(separator: "\n").map(String.init)
        let pad = String(repeating: " ", count: indent)
        var text = "  " + label
        if label.count + 2 >= indent - 1 {
            text += "\n" + pad
        } else {
            text += String(repeating: " ", count: indent - label.count - 2)
        }
        text += lines.joined(separator: "\n" + pad) + "\n"
        return text
    }
}
