import CommandLineKit
import Sync

/// The files a command line names, as inputs (read) and outputs (written), for `OutputPaths.check`.
enum FileOptions {
    static func outputs(_ arguments: ParsedArguments) -> [OutputPaths.Named] {
        ["report", "failed", "summary-md", "junit"].compactMap { option in
            arguments.value(option).map { .init("--\(option)", $0) }
        }
    }

    static func inputs(_ arguments: ParsedArguments, input: String?) -> [OutputPaths.Named] {
        var named = ["mapping", "state", "config", "client-secret-file", "plan"].compactMap { option in
            arguments.value(option).map { OutputPaths.Named("--\(option)", $0) }
        }
        if let input { named.insert(.init("the input", input), at: 0) }
        return named
    }
}
