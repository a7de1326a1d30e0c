import Basics
import CommandLineKit
import CommandReference
import Configuration
import JSONDocument

/// A config file's `source` block: the settings of an HR source under the names of their options without `source-`
/// (`"preset"` is `--source-preset`, `"user"` `--source-user`, `"password-file"` `--source-password-file`), `"url"`
/// for `--source`, `"records-path"` and `"allow-host"` as themselves, and the preset's URL values (`"host"`,
/// `"tenant"`, `"owner"`, `"report"`, `"company"`, `"fields"`, or a `"parameters"` object) as `--source-parameter`.
/// A secret (`"password"`, `"token"`, …) is refused, as anywhere in a config file.
///
/// ```json
/// {"source": {"preset": "workday", "url": "https://…/ccx/service/customreport2/acme/ISU/Provision_Workers",
///             "user": "ISU_provision@acme", "password-file": "/etc/provision/workday-password"}}
/// ```
enum SourceBlock {
    static let parameterNames: Set<String> = ["host", "tenant", "owner", "report", "company", "fields"]
    static let secretNames: Set<String> = ["password", "token", "api-key", "client-secret", "refresh-token", "secret"]
    static let unprefixed: [String: String] = [
        "url": Options.source.name, "records-path": Options.recordsPath.name, "allow-host": Options.allowHost.name,
    ]

    /// The block's settings as the config file's entries of the options they are.
    static func entries(_ block: [JSONMember], path: String, known: Set<String>) throws(ConfigurationError)
        -> [ConfigFile.Entry]
    {
        var entries: [ConfigFile.Entry] = []
        var parameters: [String] = []
        let place = "--config \(path): \"source\" › "
        for member in block {
            let key = member.key
            if secretNames.contains(key.lowercased()) {
                let name = key.lowercased() == "secret" ? "client-secret" : key.lowercased()
                let variable = "PROVISION_SOURCE_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
                throw ConfigurationError(
                    "\(place)\"\(key)\" is a secret and does not belong in a config file; give \"\(name)-file\" (a "
                        + "file readable by its owner only) or \(variable)")
            }
            if key == "parameters", case .object(let values) = member.value {
                for value in values { parameters.append("\(value.key)=\(text(value.value))") }
                continue
            }
            if parameterNames.contains(key) {
                parameters.append("\(key)=\(text(member.value))")
                continue
            }
            let option = unprefixed[key] ?? "source-\(key)"
            guard known.contains(option) else {
                let keys =
                    (Array(unprefixed.keys) + parameterNames + ["parameters"])
                    + known.filter { $0.hasPrefix("source-") }.map { String($0.dropFirst("source-".count)) }
                let hint = ClosestMatch.find(key, in: keys.sorted()).map { "; did you mean \"\($0)\"?" } ?? ""
                throw ConfigurationError("\(place)\"\(key)\" is not a setting of a source\(hint)")
            }
            entries.append(ConfigFile.Entry(key: option, value: value(member.value), name: "\"source\" › \"\(key)\""))
        }
        if !parameters.isEmpty {
            entries.append(ConfigFile.Entry(key: Options.sourceParameter.name, value: .list(parameters)))
        }
        return entries
    }

    /// A string's or number's text (a parameter's value).
    private static func text(_ json: JSON) -> String {
        switch json {
        case .string(let text), .number(let text): text
        default: ""
        }
    }

    /// A JSON value as a config file's value.
    static func value(_ json: JSON) -> ConfigFile.Value {
        switch json {
        case .bool(let flag): .bool(flag)
        case .string(let text): .text(text)
        case .number(let text): .text(text)
        case .array(let items) where items.allSatisfy({ $0.stringValue != nil }): .list(items.compactMap(\.stringValue))
        default: .other
        }
    }
}
