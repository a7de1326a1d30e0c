import Foundation

/// Everything that can stop an emulator from starting: bad flags, an unusable input file, or a socket that cannot be
/// opened. Each program prefixes the message with its own name (`entra-emulator: error: …`).
package enum EmulatorError: Error, Sendable, Equatable, LocalizedError {
    /// A flag the emulator does not know; `suggestion` is the closest known flag, if any.
    case unknownOption(String, suggestion: String?)
    /// A flag that needs a value was last on the command line.
    case missingValue(option: String)
    /// A flag's value could not be used; `expected` says what would have been accepted.
    case invalidValue(option: String, value: String, expected: String)
    /// A file named by a flag could not be read or used; `problem` says where and why (line and column, field).
    case invalidFile(option: String, path: String, problem: String)
    /// `socket`, `bind` or `listen` failed.
    case socketFailed(operation: String, host: String, port: Int, errno: Int32)
    /// `start()` was called on an emulator that is already running.
    case alreadyRunning
    /// `--directory-seed FILE` cannot be used; `detail` names the line and column, or the entry and field.
    case invalidDirectorySeed(path: String, detail: String)

    package var errorDescription: String? {
        switch self {
        case .unknownOption(let option, let suggestion):
            let hint = suggestion.map { " (did you mean \($0)?)" } ?? ""
            return "unknown option '\(option)'\(hint); --help lists the options"
        case .missingValue(let option):
            return "option '\(option)' needs a value, e.g. '\(option) VALUE'"
        case .invalidValue(let option, let value, let expected):
            return "invalid value '\(value)' for '\(option)': expected \(expected)"
        case .invalidFile(let option, let path, let problem):
            return "\(option) \(path): \(problem)"
        case .socketFailed(let operation, let host, let port, let code):
            let reason = String(cString: strerror(code))
            return "\(operation) failed for \(host):\(port): \(reason); choose another --port or --host"
        case .alreadyRunning:
            return "the emulator is already running; call stop() before starting it again"
        case .invalidDirectorySeed(let path, let detail):
            return "--directory-seed \(path): \(detail)"
        }
    }
}
