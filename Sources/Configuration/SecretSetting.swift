import Foundation

/// A secret of the kind a client secret is (an HR source's password, token, API key, client secret): from a file
/// only its owner can read (`PrivateFile`), or from an environment variable; never from a flag or a config file. A
/// file named on the command line beats the environment, as for the client secret.
package enum SecretSetting {
    /// The secret, trimmed of surrounding white space (an editor's final newline); nil when neither gives it.
    /// - Parameters:
    ///   - file: the file's path and how messages name the setting that gave it.
    ///   - environment: the variable's name and value.
    package static func read(file: NamedSetting?, environment: (name: String, value: String?))
        throws(ConfigurationError) -> String?
    {
        if let file {
            let data = try PrivateFile.read(file.value, setting: file.name)
            let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !secret.isEmpty else { throw ConfigurationError("\(file.name) \(file.value) is empty") }
            return secret
        }
        guard let value = environment.value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }
}
