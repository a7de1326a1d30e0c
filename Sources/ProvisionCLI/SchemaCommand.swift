import Preflight
import Presentation
import Sync

/// What `provision schema show | diff | apply` share: the job's schema, and the SCIM attributes a mapping sends (from
/// `--mapping FILE`, or the SCIM-path header of the CSV given).
enum SchemaCommand {
    /// The job's schema for this command line, or the status it failed with (printed).
    static func schema(_ context: CommandContext) -> Result<SchemaOperations, StatusFailure> {
        guard let resolver = context.settings else { return .failure(StatusFailure(.internalError)) }
        let settings: UploadSettings
        do {
            settings = try UploadSettings.resolve(resolver, environment: context.environment)
        } catch {
            context.console.error(error.message)
            return .failure(StatusFailure(error.status))
        }
        for warning in settings.warnings { context.console.warning(warning) }
        let network = NetworkStack(settings: settings, maxConnections: 2)
        return .success(SchemaOperations(settings: settings, network: network))
    }

    /// The attributes the mapping sends; nil when the command line names neither a mapping nor a file.
    static func sentAttributes(_ context: CommandContext) -> Result<SentAttributes?, StatusFailure> {
        let arguments = context.arguments
        do {
            if let mapping = arguments.value("mapping") { return .success(try SentAttributes.mapping(mapping)) }
            guard let file = arguments.positionals.first else { return .success(nil) }
            return .success(try SentAttributes.header(of: file, dialect: InputStage.dialect(arguments)))
        } catch {
            return .failure(StatusFailure(InputFailure.report(error, context.console, otherwise: .dataError)))
        }
    }

    /// Prints why the schema could not be read or written; returns the status.
    static func fail(_ message: String, _ status: ExitStatus, _ context: CommandContext) -> ExitStatus {
        context.console.error(message)
        return status
    }
}

/// An exit status as an error, for `Result`.
struct StatusFailure: Error {
    let status: ExitStatus
    init(_ status: ExitStatus) { self.status = status }
}
