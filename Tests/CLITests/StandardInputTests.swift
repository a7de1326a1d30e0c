import Foundation
import TestSupport
import Testing

/// `-` reads the export from stdin: JSON from an HR tool, or a database's query printed as CSV, so that no database
/// driver is needed (README, "Databases"). A process: stdin is the process's own.
@Suite(.timeLimit(.minutes(2))) struct StandardInputTests {
    static let sh = URL(fileURLWithPath: "/bin/sh")

    /// `COMMAND | provision ARGUMENTS` through the shell, in `directory`.
    static func piped(_ command: String, _ arguments: String, in directory: URL) async throws -> BinaryRunner.Result {
        try await BinaryRunner.run(
            ["-c", "\(command) | '\(BinaryRunner.provision.path)' \(arguments)"], directory: directory, executable: sh)
    }

    @Test func jsonRecordsOnStdin() async throws {
        let workspace = try Workspace()
        let result = try await Self.piped(
            "cat '\(sample("hr/people.json"))'",
            "validate - --records-path data --mapping '\(sample("hr/generic-mapping.json"))'", in: workspace.directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("3 records, 3 valid, 0 invalid"), "\(result.stdout)")
    }

    /// Messages name the copy `…/stdin:LINE`, in a private folder that is gone when the command ends.
    @Test func theCopyOfStdinIsNamedStdinAndRemoved() async throws {
        let workspace = try Workspace()
        let temporary = workspace.url("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        try workspace.write("externalId,userName,active\n1,a@contoso.com,true\n1,b@contoso.com,true\n", to: "in.csv")
        let result = try await BinaryRunner.run(
            ["-c", "cat in.csv | TMPDIR='\(temporary.path)' '\(BinaryRunner.provision.path)' validate -"],
            directory: workspace.directory, executable: Self.sh)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("/stdin:3: error"), "\(result.stderr)")
        #expect(!result.stderr.contains("//"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty, "the copy was left")
    }

    /// What `psql --csv -c 'SELECT …'` prints: a header, RFC 4180 quoting, an empty field for NULL.
    static let psql = """
        externalId,userName,displayName,title,active
        E1,ann@contoso.example,Ann Lee,"Engineer, Platform",true
        E2,bob@contoso.example,"Bob ""Bobby"" Ng",,false

        """

    @Test func aPsqlQueryPipedInAsCSV() async throws {
        let workspace = try Workspace()
        try workspace.write(Self.psql, to: "psql.out")
        let result = try await Self.piped(
            "cat psql.out", "upload - --dry-run", in: workspace.directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""title":"Engineer, Platform""#), "\(result.stdout)")
        #expect(result.stdout.contains(#""displayName":"Bob \"Bobby\" Ng""#))
        #expect(result.stdout.contains(#""active":false"#))
    }

    /// What `sqlcmd -Q "SET NOCOUNT ON; SELECT …" -s "|" -W` prints: a header, a line of dashes under it (dropped
    /// with `sed 2d`), `|` between fields, no quoting.
    static let sqlcmd = """
        externalId|userName|displayName|title|active
        ----------|--------|-----------|-----|------
        E1|ann@contoso.example|Ann Lee|Engineer, Platform|true
        E2|bob@contoso.example|Bob Ng||false

        """

    @Test func anSqlcmdQueryPipedInWithItsSeparator() async throws {
        let workspace = try Workspace()
        try workspace.write(Self.sqlcmd, to: "sqlcmd.out")
        let result = try await Self.piped(
            "sed 2d sqlcmd.out", "upload - --delimiter '|' --dry-run", in: workspace.directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""title":"Engineer, Platform""#), "\(result.stdout)")
        #expect(result.stdout.contains(#""externalId":"E2""#))
    }
}
