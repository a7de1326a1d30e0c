import Foundation

/// Which of the app's own credentials is used when both a client secret and a certificate are configured.
///
/// They are one setting, the app's credential, so the usual order decides: a flag beats the environment, which beats
/// the config file (`--client-certificate` beats AZURE_CLIENT_SECRET; `--client-secret-file` beats
/// AZURE_CLIENT_CERTIFICATE_PATH and the config key `client-certificate`; AZURE_CLIENT_SECRET beats the config key).
/// When both come from the environment, AZURE_CLIENT_SECRET wins, as in the Azure SDKs' EnvironmentCredential, so a
/// set-up that works with them works here. Both as flags is an error. The one not used is named in a warning.
package struct ClientCredentialChoice {
    package enum SecretSource: Equatable {
        case environment(String)
        case file(String)
    }

    package enum Chosen: Equatable {
        case secret(SecretSource)
        /// The path and the setting that gave it ("--client-certificate", "AZURE_CLIENT_CERTIFICATE_PATH", …).
        case certificate(path: String, setting: String)
    }

    package let credential: Chosen
    package let warnings: [String]

    /// nil when neither is configured.
    package static func decide(
        _ options: ConnectionOptions, environment: CredentialEnvironment
    ) throws(ConfigurationError)
        -> ClientCredentialChoice?
    {
        // (what, how it is named in messages, rank: flag 3, environment 2, config file 1)
        var secret: (source: SecretSource, name: String, rank: Int)?
        if let path = options.clientSecretFile {
            secret = (.file(path), "--client-secret-file", 3)
        } else if let value = environment.clientSecret, !value.isEmpty {
            secret = (.environment(value), CredentialEnvironment.Variable.clientSecret, 2)
        }
        var certificate: (path: String, name: String, rank: Int)?
        if let setting = options.clientCertificate, !setting.value.isEmpty {
            certificate = (setting.value, setting.name, setting.origin.rawValue)
        }
        switch (secret, certificate) {
        case (nil, nil):
            return nil
        case (let secret?, nil):
            return ClientCredentialChoice(credential: .secret(secret.source), warnings: [])
        case (nil, let certificate?):
            return ClientCredentialChoice(
                credential: .certificate(path: certificate.path, setting: certificate.name), warnings: [])
        case (let secret?, let certificate?):
            if secret.rank == 3 && certificate.rank == 3 {
                throw ConfigurationError(
                    "--client-secret-file and --client-certificate are both given: the app signs in with one "
                        + "credential; give only one of them",
                    kind: .usage)
            }
            let both =
                "both a client secret (\(secret.name)) and a client certificate (\(certificate.name)) are configured"
            if certificate.rank > secret.rank {
                return ClientCredentialChoice(
                    credential: .certificate(path: certificate.path, setting: certificate.name),
                    warnings: [
                        "\(both): using the certificate (\(Self.why(certificate.rank, over: secret.rank))); remove "
                            + "\(secret.name) to silence this"
                    ])
            }
            let reason =
                secret.rank == certificate.rank
                ? "both are in the environment, and AZURE_CLIENT_SECRET wins there, as in the Azure SDKs"
                : Self.why(secret.rank, over: certificate.rank)
            return ClientCredentialChoice(
                credential: .secret(secret.source),
                warnings: ["\(both): using the client secret (\(reason)); remove \(secret.name) to use the certificate"]
            )
        }
    }

    private static func why(_ winner: Int, over loser: Int) -> String {
        let names = [1: "the config file", 2: "the environment", 3: "a flag"]
        return "\(names[winner]!) beats \(names[loser]!)"
    }
}
