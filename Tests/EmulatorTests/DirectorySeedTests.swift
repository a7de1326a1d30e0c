import EmulatorKit
import Foundation
import JSONDocument
import TestSupport
import Testing

@testable import EntraEmulator

@Suite struct DirectorySeedTests {
    @Test func theFixtureTenantIsReadAsGraphShowsIt() throws {
        let users = try DirectoryFixtures.seed()
        #expect(
            users.map(\.id) == [
                DirectoryFixtures.ann, DirectoryFixtures.bob, DirectoryFixtures.cara, DirectoryFixtures.dan,
                DirectoryFixtures.eve,
            ])
        #expect(users[1].accountEnabled == false && users[1].managerID == DirectoryFixtures.ann)
        #expect(users[2].employeeID == nil && users[2].json("businessPhones") == ["+1 555 0100"])
        #expect(users[3].userType == "Guest" && users[3].userPrincipalName?.contains("#EXT#") == true)
        #expect(users[0].proxyAddresses == ["SMTP:ann.lee@contoso.com"], "mail becomes the primary SMTP address")
        #expect(users[4].proxyAddresses == ["SMTP:eve.moss@contoso.com", "smtp:eve@contoso.com"])
        #expect(users[0].strings["@odata.type"] == nil && users[0].strings["companyName"] == "Contoso")
    }

    @Test func aGraphPageAndGeneratedIdsAreAccepted() throws {
        let users = try DirectoryFixtures.seed(#"{"value":[{"userPrincipalName":"a@contoso.com","city":"Oslo"}]}"#)
        #expect(users.count == 1 && users[0].id.count == 36 && users[0].strings["city"] == "Oslo")
        #expect(users[0].accountEnabled && users[0].userType == "Member")
        #expect(try DirectoryFixtures.seed(#"[{"userPrincipalName":"a@contoso.com"}]"#)[0].id == users[0].id)
    }

    static let invalid: [(text: String, detail: String)] = [
        ("{\n  \"value\": [\n    {\"userPrincipalName\": }\n  ]\n}", "line 3, column"),
        (#"{"users": []}"#, "expected a JSON array of users"),
        (#"[{"displayName": "No Name"}]"#, "[0].userPrincipalName: every user needs one"),
        (#"[{"userPrincipalName": 7}]"#, "[0].userPrincipalName: expected a string, found a number"),
        (
            #"[{"userPrincipalName": "a@x.com", "employeeId": 1001}]"#,
            "[0].employeeId: expected a string, found a number"
        ),
        (#"[{"userPrincipalName": "a@x.com", "accountEnabled": "no"}]"#, "[0].accountEnabled: expected true or false"),
        (#"[{"userPrincipalName": "a@x.com", "userType": "Visitor"}]"#, "[0].userType: expected Member or Guest"),
        (
            #"[{"userPrincipalName": "a@x.com"}, {"userPrincipalName": "A@X.com"}]"#,
            "[1].userPrincipalName: 'A@X.com' is also held by [0]"
        ),
        (
            #"[{"userPrincipalName": "a@x.com", "mail": "m@x.com"}, {"userPrincipalName": "b@x.com", "proxyAddresses": ["smtp:M@x.com"]}]"#,
            "[1].proxyAddresses: 'smtp:m@x.com' is also held by [0]"
        ),
        (#"[{"userPrincipalName": "a@x.com", "manager": {"id": "nobody"}}]"#, "[0].manager.id: no user in the file"),
        (#"[{"userPrincipalName": "a@x.com", "proxyAddresses": ["a@x.com"]}]"#, "[0].proxyAddresses: expected"),
    ]

    @Test(arguments: invalid)
    func aBadSeedIsRefusedNamingTheFileAndWhere(text: String, detail: String) throws {
        let workspace = try Workspace()
        let file = try workspace.write(text, to: "seed.json")
        do {
            _ = try EmulatorConfiguration.parse(["--directory-seed", file.path])
            Issue.record("accepted: \(text)")
        } catch let error as EmulatorError {
            let message = error.errorDescription ?? ""
            #expect(message.hasPrefix("--directory-seed \(file.path): "), "\(message)")
            #expect(message.contains(detail), "\(message)")
        }
    }

    @Test func theOptionsParse() throws {
        let workspace = try Workspace()
        let file = try workspace.write(DirectoryFixtures.seedText, to: "seed.json")
        guard
            case .run(let configuration) = try EmulatorConfiguration.parse([
                "--directory-seed", file.path, "--directory-rate", "8000/10s", "--directory-fail-rate=0.2",
            ])
        else {
            Issue.record("no configuration")
            return
        }
        #expect(configuration.directorySeed == (try DirectoryFixtures.seed()))
        #expect(configuration.directorySeedPath == file.path)
        #expect(configuration.directoryRate == .init(count: 8000, windowSeconds: 10))
        #expect(configuration.directoryFailRate == 0.2)
        #expect(throws: EmulatorError.self) { try EmulatorConfiguration.parse(["--directory-seed", "/no/such/file"]) }
        #expect(EmulatorConfiguration.helpText.contains("DIRECTORY SEED (--directory-seed FILE)"))
    }

    @Test func theDirectoryIndexFindsPrefixesAfterChanges() {
        var index = DirectoryIndex()
        index.insert("Ann@contoso.com", "1")
        index.insert("anna@contoso.com", "2")
        index.insert("bob@contoso.com", "3")
        #expect(Set(index.ids(withPrefix: "ANN")) == ["1", "2"])
        index.remove("anna@contoso.com", "2")
        index.insert("annika@contoso.com", "4")
        #expect(Set(index.ids(withPrefix: "ann")) == ["1", "4"])
        #expect(index.ids(withPrefix: "z").isEmpty && index.ids("BOB@contoso.com") == ["3"])
    }
}
