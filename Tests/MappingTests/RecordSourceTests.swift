import Mapping
import Testing

@Suite struct RecordSourceTests {
    let workspace: MappingWorkspace

    init() throws { workspace = try MappingWorkspace() }

    /// The paths of JSON records' header mode, asked of a file that reads as CSV (one replaced since it was first
    /// opened as JSON): its header, not a crash.
    @Test func columnPathsOfACSVFileAreItsHeader() throws {
        let path = try workspace.file("people.csv", "WorkerID,FirstName\n1,Ada\n")
        let paths = try RecordSource.columnPaths(path: path, options: InputOptions(), limit: 10)
        #expect(paths == ["WorkerID", "FirstName"])
    }

    @Test func headerModeBindsEveryPathOfJSONRecords() throws {
        let path = try workspace.file(
            "people.ndjson", #"{"id":"1","name":{"given":"Ada"}}"# + "\n" + #"{"id":"2"}"# + "\n")
        let source = try RecordSource(path: path, options: InputOptions())
        try source.bindHeaderModeColumns(mappingFile: nil)
        #expect(source.columns == ["id", "name.given"])
    }
}
