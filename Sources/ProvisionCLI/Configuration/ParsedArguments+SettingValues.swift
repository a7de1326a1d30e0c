import CommandLineKit
import Sync

/// A bare command line (no environment, no config file) read as settings.
extension ParsedArguments: SettingValues {
    public func source(of name: String) -> SettingSource? { has(name) ? .flag : nil }
}
