import Foundation
import Testing

/// Finds `provision COMMAND … --option` uses in text and the options each command really has.
enum SampleCommands {
    static let commands = ["validate", "upload", "status", "plan", "check", "config show", "mapping suggest"]

    /// (command, option) for every `--option` written after `provision COMMAND` on one logical line, up to a shell
    /// separator, a redirection, a Markdown code span or table cell end.
    static func optionsUsed(in text: String) -> [(String, String)] {
        // Join continued lines, including the commented-out continuations in the systemd unit.
        let joined = text.replacingOccurrences(of: #"\\\n#?\s*"#, with: " ", options: .regularExpression)
        let pattern = try! NSRegularExpression(
            pattern: #"\bprovision (validate|upload|status|plan|check|config show|mapping suggest)\b([^;&|>`)\n]*)"#)
        let optionPattern = try! NSRegularExpression(pattern: #"(?:^|\s)--([a-z][a-z0-9-]*)"#)
        var uses: [(String, String)] = []
        let range = NSRange(joined.startIndex..., in: joined)
        for match in pattern.matches(in: joined, range: range) {
            let command = String(joined[Range(match.range(at: 1), in: joined)!])
            let tail = String(joined[Range(match.range(at: 2), in: joined)!])
            for option in optionPattern.matches(in: tail, range: NSRange(tail.startIndex..., in: tail)) {
                uses.append((command, String(tail[Range(option.range(at: 1), in: tail)!])))
            }
        }
        return uses
    }

    /// The long options `provision help COMMAND` lists.
    static func options(of command: String) async throws -> Set<String> {
        let help = await InProcessCommand.run(["help"] + command.split(separator: " ").map(String.init))
        #expect(help.status == 0, "provision help \(command): \(help.stderr)")
        let pattern = try NSRegularExpression(pattern: #"(?m)^\s+(?:-\w, )?--([a-z][a-z0-9-]*)"#)
        let matches = pattern.matches(in: help.stdout, range: NSRange(help.stdout.startIndex..., in: help.stdout))
        return Set(matches.map { String(help.stdout[Range($0.range(at: 1), in: help.stdout)!]) })
    }
}
