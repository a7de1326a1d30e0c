import CommandReference
import Foundation
import TestSupport
import Testing

/// A mistake in an option's value is exit 64 with the one message its declaration gives, wherever the value came
/// from (a flag or a config file) and whether or not this run would have used it; checked in process, before any
/// work.
@Suite struct OptionConsistencyTests {
    /// (option, bad value, why it is refused)
    static let cases: [(String, String, String)] = [
        ("batch-size", "51", "takes a whole number from 1 to 50, not \"51\""),
        ("concurrency", "0", "takes a whole number from 1 to 256, not \"0\""),
        ("max-attempts", "21", "takes a whole number from 1 to 20, not \"21\""),
        ("max-requests", "0", "takes a whole number from 1 to 10000000, not \"0\""),
        ("timeout", "0.5", "takes a whole number from 1 to 600, not \"0.5\""),
        ("bucket-full-retries", "101", "takes a whole number from 0 to 100, not \"101\""),
        ("max-problems", "-1", "takes a whole number of 0 or more, not \"-1\""),
        ("bucket-full-wait", "soon", "\"soon\" is not a duration such as 90s, 15m or 600"),
        ("max-wait", "0.5s", "\"0.5s\" is not a duration such as 90s, 15m or 600 (at least 1s)"),
        ("wait", "later", "\"later\" is not a duration such as 90s, 15m or 600"),
        ("poll-interval", "0", "\"0\" is not a duration such as 90s, 15m or 600 (at least 1s)"),
        (
            "rate", "fast",
            "\"fast\" is not N/window, e.g. 40/1s (the Graph reference) or 40/5s (the newer Entra docs)"
        ),
        (
            "rate", "50/1s",
            "50/1s can start 50 requests in one second, but the service takes at most 40 a second (fewer with its "
                + "40-in-5-seconds limit) and answers the rest with 429: give at most 40/1s, or "
                + "--allow-rate-above-limit for a service known to allow more"
        ),
        ("delimiter", "::", "takes ',', ';', '|' or 'tab', not '::'"),
        ("encoding", "ebcdic", "takes utf-8, utf-16le, utf-16be, windows-1252, latin1, not 'ebcdic'"),
        ("missing", "delete", "takes 'report' or 'disable', not 'delete'"),
        ("max-disable", "200%", "takes a count (e.g. 25) or a percentage (e.g. 5%), not '200%'"),
        ("max-rename", "many", "takes a count (e.g. 25) or a percentage (e.g. 5%), not 'many'"),
        ("log-format", "xml", "takes 'text' or 'json', not 'xml'"),
    ]

    /// A dry run would use none of the sending options: they are checked all the same.
    @Test(arguments: cases)
    func asAFlag(option: String, value: String, reason: String) async {
        let result = await InProcessCommand.run(["upload", "absent.csv", "--dry-run", "--\(option)", value])
        #expect(result.status == 64)
        #expect(result.stderr == "provision: error: --\(option) \(reason)\n")
        #expect(result.stdout.isEmpty)
    }

    /// The same value from a config file: the same status and reason, the message naming the file.
    @Test(arguments: cases)
    func asAConfigKey(option: String, value: String, reason: String) async throws {
        let workspace = try Workspace()
        let config = try workspace.write("{\"\(option)\": \"\(value)\"}", to: "provision.json").path
        let result = await InProcessCommand.run(["upload", "absent.csv", "--dry-run", "--config", config])
        #expect(result.status == 64)
        #expect(result.stderr == "provision: error: \"\(option)\" in \(config) \(reason)\n")
    }

    /// Every command that takes the option refuses it alike (offline, online, and `config show`).
    @Test(arguments: [
        ["validate", "absent.csv"], ["plan", "absent.csv"], ["config", "show"], ["status", "--journal", "j"],
        ["check"],
    ])
    func everyCommandThatTakesItRefusesIt(command: [String]) async {
        let result = await InProcessCommand.run(command + ["--max-problems", "x"])
        let expected = command[0] == "check" ? "unknown option '--max-problems'" : "--max-problems takes a whole number"
        #expect(result.status == 64)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }

    /// What allows a value may come from the config file as well as the value.
    @Test func aRateAboveTheLimitIsAllowedByTheFlagFromAnywhere() async throws {
        let workspace = try Workspace()
        let csv = try workspace.write("externalId,userName,active\n1,a@contoso.com,true\n", to: "u.csv").path
        let config = try workspace.write(#"{"rate": "50/1s", "allow-rate-above-limit": true}"#, to: "c.json").path
        let result = await InProcessCommand.run(["plan", csv, "--config", config, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// A value given in the environment (the connection's options) is named by its variable in messages.
    @Test func anEnvironmentValueIsNamedByItsVariable() async {
        let result = await InProcessCommand.run(
            ["config", "show"],
            environment: ["PROVISION_ENDPOINT": "http://evil.example/x", "PROVISION_ACCESS_TOKEN": "t"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("PROVISION_ENDPOINT must use https"), "\(result.stderr)")
    }
}
