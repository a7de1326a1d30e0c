import CommandLineKit
import Sync

/// Checks every option value a command line (or its `--config` file) gives, before the command does any work: a
/// bad value is exit 64 from every command, whether or not this run would have used it.
enum OptionValues {
    static let integers: [String: ClosedRange<Int>] = [
        "batch-size": 1...50, "concurrency": 1...256, "max-attempts": 1...20, "max-requests": 1...10_000_000,
        "timeout": 1...600, "bucket-full-retries": 0...100, "max-problems": 0...Int.max,
    ]
    static let durations: [String: Double] = ["bucket-full-wait": 0, "wait": 0, "max-wait": 1, "poll-interval": 1]

    static func validate(_ arguments: ParsedArguments) throws(UsageError) {
        for (name, range) in integers.sorted(by: { $0.key < $1.key }) { _ = try arguments.integer(name, in: range) }
        for (name, minimum) in durations.sorted(by: { $0.key < $1.key }) {
            guard let text = arguments.value(name) else { continue }
            guard let seconds = DurationParser.seconds(text), seconds >= minimum else {
                throw UsageError(
                    "--\(name) \"\(text)\" is not a duration such as 90s, 15m or 600"
                        + (minimum > 0 ? " (at least \(Int(minimum))s)" : ""))
            }
        }
        do {
            _ = try UploadSettings.rate(arguments)
        } catch {
            throw UsageError(error.message)
        }
        _ = try InputStage.dialect(arguments)
        if let text = arguments.value("missing"), DeltaPlan.MissingPolicy(rawValue: text) == nil {
            throw UsageError("--missing takes 'report' or 'disable', not '\(text)'")
        }
        for option in ["max-disable", "max-rename"] {
            if let text = arguments.value(option), DeltaPlan.Threshold(text) == nil {
                throw UsageError("--\(option) takes a count (e.g. 25) or a percentage (e.g. 5%), not '\(text)'")
            }
        }
    }
}
