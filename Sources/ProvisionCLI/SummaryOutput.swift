import Foundation
import Sync

/// Writes the reports a person or a CI page reads: `--summary-md FILE` (also appended to `GITHUB_STEP_SUMMARY` when
/// GitHub Actions sets it) and `--junit FILE`. A file that cannot be written is an error, and exit 73.
struct SummaryOutput {
    let context: CommandContext

    /// Whether a Markdown summary is wanted at all (computing one can cost a pass over the export).
    var wantsMarkdown: Bool {
        context.arguments.has("summary-md") || !(context.environment["GITHUB_STEP_SUMMARY"] ?? "").isEmpty
    }

    /// Writes `markdown` where asked; false when a file could not be written (the error is printed).
    func writeMarkdown(_ markdown: @autoclosure () -> String) -> Bool {
        guard wantsMarkdown else { return true }
        let text = markdown()
        var ok = true
        if let path = context.arguments.value("summary-md") {
            ok = write(Data(text.utf8), to: path) && ok
        }
        if let path = context.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            ok = append(Data((text + "\n").utf8), to: path) && ok
        }
        return ok
    }

    func write(_ data: Data, to path: String) -> Bool {
        do {
            try AtomicFile.write(data, to: path, mode: 0o644)
            return true
        } catch {
            context.console.error(error.localizedDescription)
            return false
        }
    }

    private func append(_ data: Data, to path: String) -> Bool {
        guard let handle = FileHandle(forUpdatingAtPath: path) ?? create(path) else {
            context.console.error("cannot append the summary to GITHUB_STEP_SUMMARY (\(path))")
            return false
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
            return true
        } catch {
            context.console.error(
                "cannot append the summary to GITHUB_STEP_SUMMARY (\(path)): \(error.localizedDescription)")
            return false
        }
    }

    private func create(_ path: String) -> FileHandle? {
        FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forUpdatingAtPath: path) : nil
    }
}
