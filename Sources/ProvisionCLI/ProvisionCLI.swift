// ProvisionCLI module
