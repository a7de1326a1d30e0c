import Foundation
import Sync

extension RunReport {
    /// A report for this build of provision, started now.
    static func starting(_ command: String, input: String) -> RunReport {
        RunReport(version: Provision.version, command: command, input: input, startedAt: Date())
    }
}
