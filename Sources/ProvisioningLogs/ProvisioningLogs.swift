// ProvisioningLogs module
