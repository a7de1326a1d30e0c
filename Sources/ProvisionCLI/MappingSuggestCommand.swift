import CommandReference
import Mapping
import Sync

/// `provision mapping suggest FILE`: a starter mapping file on stdout, from a CSV's header or the dotted paths JSON
/// records have (a file, stdin, or a source's snapshot).
struct MappingSuggestCommand: Command {
    static let spec = CommandSpecs.mappingSuggest
    let context: CommandContext

    func run() async -> ExitStatus {
        let input: InputSource.Prepared
        switch await InputStage(context: context).prepareInput() {
        case .success(let prepared): input = prepared
        case .failure(let status): return status
        }
        defer { input.remove() }
        do {
            var options = InputOptions(dialect: InputStage.dialect(context.values))
            options.format = input.source != nil ? .ndjson : context.values[Options.format]
            options.recordsPath = input.source != nil ? nil : context.values[Options.recordsPath]
            context.console.out(try MappingSuggester.suggest(forExport: input.path, options: options))
            return ExitStatus(.completed)
        } catch {
            return CommandFailure.report(error, context.console)
        }
    }
}
