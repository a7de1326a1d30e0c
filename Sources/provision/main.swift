import Foundation
import Presentation
import ProvisionCLI

// Thin executable: everything, including argument parsing, lives in the libraries (ProvisionCLI and below) where
// tests reach it.
let status = await Provision.run(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
    console: .standard())
exit(status)
