import CommandReference
import Configuration
import Graph
import Presentation
import Sync

/// `--directory` for `plan` and `check`: the network (the endpoint and credential of this command line, as upload
/// uses them), the job's schema (`--schema FILE`, else read now, else the default mappings, said once), and the
/// plan made with the tenant's users; for an on-premises AD job, or without `User.Read.All`, said once and planned
/// without them.
struct DirectoryStage {
    let context: CommandContext

    /// The plan of `job` made with the directory (its flows become the job's own when the schema is known).
    func plan(_ job: inout ExportJob, saved: JobSchema?) async -> Result<DirectoryPlanner.Outcome, SyncError> {
        let settings: UploadSettings
        do {
            settings = try context.uploadSettings()
        } catch {
            return .failure(SyncError(configuration: error))
        }
        for warning in settings.warnings { context.console.warning(warning) }
        let network = NetworkStack(settings: settings, maxConnections: 8)
        let (target, notice) = await DirectoryTarget.read(
            saved: saved, settings: settings, transport: network.transport, tokens: network.tokens,
            time: network.time)
        if let notice { context.console.warning(notice) }
        if target.fromSchema { job.reader.flows = target.flows }
        do throws(SyncError) {
            guard target.directory != .activeDirectory else {
                context.console.warning(DirectoryTarget.activeDirectoryNotice)
                return .success(DirectoryPlanner.Outcome(plan: try ExportPlanner.plan(job), review: nil, notice: nil))
            }
            let planner = DirectoryPlanner(
                target: target, settings: settings, transport: network.transport, tokens: network.tokens,
                time: network.time)
            let outcome = try await planner.plan(job)
            if let notice = outcome.notice { context.console.warning(notice) }
            return .success(outcome)
        } catch {
            return .failure(error)
        }
    }
}
