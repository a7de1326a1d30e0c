/// Where a setting's value came from (for messages that name it, and `provision config show`).
public enum SettingSource: Sendable, Equatable, CustomStringConvertible {
    case flag
    case environment(String)
    case configFile(String)

    public var description: String {
        switch self {
        case .flag: "flag"
        case .environment(let name): "environment \(name)"
        case .configFile(let path): "config \(path)"
        }
    }
}

/// The settings of one command line, merged from its flags, environment variables and `--config` file by the front
/// end: what the configuration policy (endpoint, credential, upload options) reads.
public protocol SettingValues: Sendable {
    /// The last value given for `name` (an option's long name, e.g. "tenant-id").
    func value(_ name: String) -> String?
    /// Every value given for a repeatable option (`--allow-host`).
    func all(_ name: String) -> [String]
    func flag(_ name: String) -> Bool
    func has(_ name: String) -> Bool
    func source(of name: String) -> SettingSource?
}

extension SettingValues {
    /// "--endpoint" or "PROVISION_ENDPOINT" or "\"endpoint\" in FILE", whichever supplied the value.
    public func describe(_ option: String) -> String {
        switch source(of: option) {
        case .environment(let name)?: name
        case .configFile(let path)?: "\"\(option)\" in \(path)"
        default: "--\(option)"
        }
    }
}

/// Option names and the environment variables that also set them (the Azure SDKs' names).
public enum SettingNames {
    public static let environment: [String: String] = [
        "endpoint": "PROVISION_ENDPOINT",
        "tenant-id": "AZURE_TENANT_ID",
        "client-id": "AZURE_CLIENT_ID",
        "authority-host": "AZURE_AUTHORITY_HOST",
        "client-certificate": "AZURE_CLIENT_CERTIFICATE_PATH",
    ]
}
