import Sync

extension UploadSettings {
    /// The online settings of this command line, for this build.
    static func resolve(_ settings: SettingsResolver, environment: [String: String]) throws(ConfigurationError)
        -> UploadSettings
    {
        try resolve(settings, environment: environment, version: BuildInfo.version)
    }
}
