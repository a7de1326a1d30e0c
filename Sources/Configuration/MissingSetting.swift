/// A setting an online command needs and nobody gave, with where it can come from.
package enum MissingSetting: Equatable {
    case endpoint, credential, tenant, client

    package var text: String {
        switch self {
        case .endpoint:
            "the endpoint (--endpoint URL, PROVISION_ENDPOINT or \"endpoint\" in the --config file: the bulkUpload URL "
                + "on the provisioning app's overview page)"
        case .credential:
            "a credential (AZURE_CLIENT_SECRET or --client-secret-file FILE, AZURE_CLIENT_CERTIFICATE_PATH or "
                + "--client-certificate FILE, AZURE_FEDERATED_TOKEN_FILE for workload identity, or --managed-identity "
                + "on "
                + "an Azure host)"
        case .tenant: "the tenant (--tenant-id, AZURE_TENANT_ID or \"tenant-id\" in the --config file)"
        case .client: "the client id (--client-id, AZURE_CLIENT_ID or \"client-id\" in the --config file)"
        }
    }

    /// The message for a setting that was needed and given empty (or not at all) once the credential is known.
    package var notSet: String {
        switch self {
        case .tenant:
            "tenant-id is not set: give --tenant-id, the environment variable AZURE_TENANT_ID, or \"tenant-id\" in the "
                + "--config file"
        case .client:
            "client-id is not set: give --client-id, the environment variable AZURE_CLIENT_ID, or \"client-id\" in the "
                + "--config file"
        case .endpoint, .credential: "not configured: \(text)"
        }
    }

    package static func message(_ missing: [MissingSetting]) -> String {
        if missing.count == 1 { return "not configured: \(missing[0].text)" }
        return "\(missing.count) settings are not configured: "
            + missing.enumerated().map { "\($0.offset + 1)) \($0.element.text)" }.joined(separator: "; ")
    }
}
