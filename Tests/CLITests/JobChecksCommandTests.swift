import Foundation
import Presentation
import TestSupport
import Testing

@testable import ProvisionCLI

/// validate and plan with the job's schema saved by `schema show --out` (`--schema FILE`), in process: the checks
/// follow the job's own mappings and target; and the brakes as plan and config show print them.
@Suite struct JobChecksCommandTests {
    static let department = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"

    /// A job's schema: userName → userPrincipalName from `upn`, department flowing null values, written to `target`.
    static func schema(upn: String, target: String = "Azure Active Directory") -> String {
        #"""
        {"directories":[{"name":"API","objects":[{"name":"User","attributes":[
          {"name":"externalId","type":"String"},{"name":"userName","type":"String"},
          {"name":"active","type":"Boolean"},{"name":"\#(department)","type":"String","flowNullValues":true}]}]}],
         "synchronizationRules":[{"sourceDirectoryName":"API","targetDirectoryName":"\#(target)",
          "objectMappings":[{"enabled":true,"sourceObjectName":"User","targetObjectName":"User","attributeMappings":[
            {"targetAttributeName":"userPrincipalName","source":\#(upn)},
            {"targetAttributeName":"department","source":{"type":"Attribute","name":"\#(department)"}}]}]}]}
        """#
    }
    static let direct = #"{"type":"Attribute","name":"userName"}"#
    static let joined = #"""
        {"type":"Function","name":"Join","parameters":[{"key":"s","value":{"type":"Constant","name":"@"}},
         {"key":"a","value":{"type":"Attribute","name":"userName"}},{"key":"b","value":{"type":"Constant","name":"x.com"}}]}
        """#
    static let csv =
        "externalId,userName,active,\(department)\n1,EMP1,true,Sales\n2,EMP2,true,\n3,EMP3,true,\n"

    @Test func validateFollowsTheJobsUserPrincipalNameMapping() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(Self.csv, to: "users.csv").path
        let offline = await InProcessCommand.run(["validate", input])
        #expect(offline.status == 0 && offline.stderr.contains(#"userName "EMP3" has no @"#), "\(offline.stderr)")
        let built = try workspace.write(Self.schema(upn: Self.joined), to: "built.json").path
        let expression = await InProcessCommand.run(["validate", input, "--schema", built])
        #expect(expression.status == 0, "\(expression.stderr)")
        #expect(
            !expression.stderr.contains("userPrincipalName") && !expression.stderr.contains("no @"),
            "\(expression.stderr)")
        let unchanged = try workspace.write(Self.schema(upn: Self.direct), to: "direct.json").path
        let refused = await InProcessCommand.run(["validate", input, "--schema", unchanged])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains(#"userPrincipalName "EMP1" has no @"#), "\(refused.stderr)")
        let ad = try workspace.write(Self.schema(upn: Self.direct, target: "Active Directory"), to: "ad.json").path
        #expect(await InProcessCommand.run(["validate", input, "--schema", ad]).status == 0)
    }

    @Test func blankCellsOfAnAttributeTheJobClearsAreSaidOnceInValidateAndPlan() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(Self.csv, to: "users.csv").path
        let schema = try workspace.write(Self.schema(upn: Self.joined), to: "schema.json").path
        for command in ["validate", "plan"] {
            let result = await InProcessCommand.run([command, input, "--schema", schema])
            #expect(result.status == 0, "\(result.stderr)")
            let said = result.stderr.components(
                separatedBy: "the job's schema flows null values for \(Self.department)")
            #expect(said.count == 2, "once: \(result.stderr)")
            #expect(result.stderr.contains("2 records leave it out"), "\(result.stderr)")
        }
    }

    @Test func selectUniqueValueAdviceFollowsTheSchemasTarget() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(Self.csv, to: "users.csv").path
        let mapping = try workspace.write(
            #"""
            {"attributes": {"externalId": "externalId", "active": "active",
             "userName": {"expression": "SelectUniqueValue(Join(\"@\", [externalId], \"x.com\"), Join(\"@\", Join(\"-\", [externalId], \"2\"), \"x.com\"))"}}}
            """#, to: "m.json"
        ).path
        let entra = try workspace.write(Self.schema(upn: Self.direct), to: "entra.json").path
        let ad = try workspace.write(Self.schema(upn: Self.direct, target: "Active Directory"), to: "ad.json").path
        // Entra ID: provision picks the value (here the first candidate is free for everyone).
        let toEntra = await InProcessCommand.run(["plan", input, "--mapping", mapping, "--schema", entra])
        #expect(toEntra.status == 0, "\(toEntra.stderr)")
        #expect(toEntra.stderr.contains("uniqueness was checked against this file and the state only"))
        #expect(!toEntra.stderr.contains("SelectUniqueValue is not available"), "\(toEntra.stderr)")
        let toAD = await InProcessCommand.run(["validate", input, "--mapping", mapping, "--schema", ad])
        #expect(
            toAD.status == 65 && toAD.stderr.contains("where the service evaluates it for AD targets"), "\(toAD.stderr)"
        )
    }

    @Test func aSchemaFileThatCannotBeUsedIsNamed() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(Self.csv, to: "users.csv").path
        let missing = await InProcessCommand.run(["validate", input, "--schema", workspace.url("none.json").path])
        #expect(missing.status == 66 && missing.stderr.contains("--schema"))
        let notSchema = try workspace.write(#"{"kind":"plan"}"#, to: "plan.json").path
        let wrong = await InProcessCommand.run(["plan", input, "--schema", notSchema])
        #expect(wrong.status == 65 && wrong.stderr.contains("schema show --out"), "\(wrong.stderr)")
    }

    @Test func planNamesWhomItWouldDisableAndConfigShowTheBrakes() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(
            "externalId,userName,displayName,active\n1,a@x.com,Ann Lee,true\n2,b@x.com,Bo Ray,false\n", to: "u.csv")
        let text = await InProcessCommand.run(["plan", input.path, "--max-disable", "1"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("would disable 1 of 2 known people (--max-disable 1 allows 1):"))
        #expect(text.stdout.contains("  Bo Ray (externalId 2, line 3): sent with active false"))
        // Renames are counted against the state: without one the option means nothing.
        let rename = await InProcessCommand.run(["plan", input.path, "--max-rename", "1"])
        #expect(rename.status == 64 && rename.stderr.contains("--max-rename go with --state FILE"), "\(rename.stderr)")
        let json = await InProcessCommand.run(["plan", input.path, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let disables = try #require(object?["disables"] as? [[String: Any]])
        #expect(disables.first?["displayName"] as? String == "Bo Ray" && disables.first?["line"] as? Int == 3)
        let config = await InProcessCommand.run(["config", "show", "--max-rename", "10"])
        #expect(config.stdout.contains("max-disable  5%  (default)"), "\(config.stdout)")
        #expect(config.stdout.contains("max-rename   10  (flag)"), "\(config.stdout)")
    }
}
