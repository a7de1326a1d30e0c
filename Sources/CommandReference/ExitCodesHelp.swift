import CommandLineKit
import Sync

/// `provision help exit-codes`: what each exit status means, the same for every command (cron jobs and CI branch on
/// them), and which wins when a command has two outcomes; generated from `ExitStatus.meanings` and
/// `ExitStatus.precedenceRule`, the one table (a test holds README's table to it too).
package enum ExitCodesHelp {
    package static let text: String = {
        var text = "OVERVIEW: Exit statuses of every provision command (sysexits.h where one fits).\n\n"
        for (status, meaning) in ExitStatus.meanings {
            let number = String(status.rawValue)
            let lines = HelpFormatter.wrap(meaning, width: 94).split(separator: "\n")
            text += "  " + number + String(repeating: " ", count: 4 - number.count) + lines[0] + "\n"
            for line in lines.dropFirst() { text += "      " + line + "\n" }
        }
        text += "\nWHICH STATUS WINS:\n"
        for line in HelpFormatter.wrap(ExitStatus.precedenceRule, width: 98).split(separator: "\n") {
            text += "  " + line + "\n"
        }
        return text + "\n"
    }()
}
