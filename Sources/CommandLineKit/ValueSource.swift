/// Where an option's value came from (for messages that name it, and listings of the effective settings).
package enum ValueSource: Sendable, Equatable, CustomStringConvertible {
    case flag
    case environment(String)
    case configFile(String)

    package var description: String {
        switch self {
        case .flag: "flag"
        case .environment(let name): "environment \(name)"
        case .configFile(let path): "config \(path)"
        }
    }

    /// How a message names `option` when its value came from here: "--endpoint", "PROVISION_ENDPOINT" or
    /// "\"endpoint\" in FILE".
    package func naming(_ option: String) -> String {
        switch self {
        case .flag: "--\(option)"
        case .environment(let name): name
        case .configFile(let path): "\"\(option)\" in \(path)"
        }
    }
}

/// A config file's settings: JSON keys (the options' long names) and their values, in the file's order. The
/// program reads the file; the kit merges it.
package struct ConfigFile: Sendable {
    package enum Value: Sendable, Equatable {
        case bool(Bool)
        /// A string, or a number as written.
        case text(String)
        /// An array of strings.
        case list([String])
        /// Anything else (null, an object, a mixed array).
        case other
    }

    package struct Entry: Sendable {
        package let key: String
        package let value: Value
        /// How messages name the entry as the file writes it, when that is not `"key"` (a setting of a nested
        /// block: `"source" › "password-file"` for `source-password-file`).
        package let name: String?

        package init(key: String, value: Value, name: String? = nil) {
            self.key = key
            self.value = value
            self.name = name
        }
    }

    package let path: String
    package let entries: [Entry]
    /// Every key some command takes: one file serves every command, so a key another command takes is passed over.
    package let knownKeys: Set<String>
    /// Keys refused as secrets (the options declared secret, and any the program adds), with the message why.
    package let secretKeys: Set<String>
    package let secretRefusal: @Sendable (_ key: String) -> String
    /// How messages name the file's option ("--config").
    package let optionName: String
    /// The known key closest to a misspelt one, or nil.
    package let closest: @Sendable (_ key: String, _ candidates: [String]) -> String?

    package init(
        path: String, entries: [Entry], knownKeys: Set<String>, secretKeys: Set<String>,
        secretRefusal: @escaping @Sendable (String) -> String, optionName: String,
        closest: @escaping @Sendable (String, [String]) -> String?
    ) {
        self.path = path
        self.entries = entries
        self.knownKeys = knownKeys
        self.secretKeys = secretKeys
        self.secretRefusal = secretRefusal
        self.optionName = optionName
        self.closest = closest
    }
}

/// A config file whose keys do not fit (unknown, a secret, a value of the wrong type): configuration, not usage.
package struct ConfigFileError: Error, Sendable, Equatable {
    package let message: String
    package init(_ message: String) { self.message = message }
}
