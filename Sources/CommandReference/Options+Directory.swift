import CommandLineKit

/// Reading the tenant's users for tenant-aware plans (docs/directory.md).
extension Options {
    package static let directory = Option.flag(
        "directory",
        help: "Also read the tenant's users through Microsoft Graph (needs User.Read.All) and the job's schema: each "
            + "record's predicted outcome (create, update with each change old → new, no change, enable, disable) "
            + "and what would fail or stay unresolved (a value another object holds, a clash in the file, a manager "
            + "nobody has or outside the job, a rename); SelectUniqueValue skips values the tenant's users hold. "
            + "Without User.Read.All it says so and goes on without; for an on-premises AD job it does nothing.")
    package static let allowCollisions = Option.flag(
        "allow-collisions",
        help: "With --directory, send even when records are predicted to fail (a value another object holds, a "
            + "clash in the file): they fail in the provisioning logs. By default they stop the run before anything "
            + "is sent (exit 65).")
}
