import Foundation
import Sync

extension RunReport {
    /// A report of this build, started now.
    static func starting(_ command: String, input: String) -> RunReport {
        RunReport(version: Provision.version, command: command, input: input, startedAt: Date())
    }

    /// The source the input is the snapshot of, and what was read from it.
    mutating func record(_ input: InputSource.Prepared) {
        source = input.source
        sourceRecords = input.summary?.records
        sourcePages = input.summary?.pages
    }
}
