import CommandReference
import Configuration
import Preflight
import Presentation
import Sync

/// What `provision schema show | diff | apply` share: the job's schema, and the SCIM attributes a mapping sends (from
/// `--mapping FILE`, or the SCIM-path header of the CSV given).
enum SchemaCommand {
    /// The job's schema for this command line, or the status it failed with (printed).
    static func schema(_ context: CommandContext) -> Result<SchemaOperations, StatusFailure> {
        let settings: UploadSettings
        do {
            settings = try context.uploadSettings()
        } catch {
            return .failure(StatusFailure(CommandFailure.report(error, context.console)))
        }
        for warning in settings.warnings { context.console.warning(warning) }
        let network = NetworkStack(settings: settings, maxConnections: 2)
        return .success(SchemaOperations(settings: settings, network: network))
    }

    /// The attributes the mapping sends; nil when the command line names neither a mapping nor a file.
    static func sentAttributes(_ context: CommandContext) -> Result<SentAttributes?, StatusFailure> {
        do {
            if let mapping = context.values[Options.mapping] {
                return .success(try SentAttributes.mapping(mapping))
            }
            guard let file = context.positionals.first else { return .success(nil) }
            return .success(try SentAttributes.header(of: file, dialect: InputStage.dialect(context.values)))
        } catch {
            return .failure(StatusFailure(CommandFailure.report(error, context.console)))
        }
    }

    /// Prints why the schema could not be read or written; returns the status.
    static func fail(_ error: any Error, _ context: CommandContext) -> ExitStatus {
        CommandFailure.report(error, context.console)
    }
}

/// An exit status as an error, for `Result`.
struct StatusFailure: Error {
    let status: ExitStatus
    init(_ status: ExitStatus) { self.status = status }
}
