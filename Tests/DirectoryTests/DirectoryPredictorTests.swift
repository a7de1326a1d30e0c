import Directory
import Testing

/// Each outcome and each finding, from an index built by hand (what the reads would have found).
@Suite struct DirectoryPredictorTests {
    static let ann = DirectoryUser(
        id: "o-ann", userPrincipalName: "ann.lee@contoso.com", mail: "ann.lee@contoso.com", mailNickname: "ann.lee",
        employeeId: "1001", proxyAddresses: ["SMTP:ann.lee@contoso.com"], attributes: ["displayName": "Ann Lee"])
    /// A leaver, disabled.
    static let bob = DirectoryUser(
        id: "o-bob", userPrincipalName: "bob.ray@contoso.com", mail: "bob.ray@contoso.com", employeeId: "1002",
        accountEnabled: false, proxyAddresses: ["SMTP:bob.ray@contoso.com", "smtp:bob@contoso.com"],
        attributes: ["displayName": "Bob Ray"])
    /// A cloud-only user without employeeId: never matched, still holds her values.
    static let cara = DirectoryUser(
        id: "o-cara", userPrincipalName: "cara.diaz@contoso.com", mail: "cara.diaz@contoso.com", mailNickname: "cdiaz",
        proxyAddresses: ["SMTP:cara.diaz@contoso.com"])
    static let dan = DirectoryUser(
        id: "o-dan", userPrincipalName: "dan_fabrikam.com#EXT#@contoso.onmicrosoft.com", mail: "dan@fabrikam.com",
        userType: "Guest", proxyAddresses: ["SMTP:dan@fabrikam.com"])

    static func index(_ users: [DirectoryUser] = [ann, bob, cara, dan]) -> DirectoryIndex {
        var index = DirectoryIndex(attributes: ["displayName", "department"])
        for user in users { index.add(user) }
        return index
    }

    static func record(
        _ id: String, upn: String? = nil, mail: String? = nil, nickname: String? = nil, name: String? = nil,
        active: Bool? = true, manager: String? = nil, sentBefore: Bool = false, extra: [String: String?] = [:]
    ) -> PlannedRecord {
        var values: [String: String?] = ["employeeId": id]
        if let upn { values["userPrincipalName"] = upn }
        if let mail { values["mail"] = mail }
        if let nickname { values["mailNickname"] = nickname }
        if let name { values["displayName"] = name }
        values.merge(extra) { _, new in new }
        return PlannedRecord(externalId: id, values: values, active: active, manager: manager, sentBefore: sentBefore)
    }

    static func predict(
        _ records: [PlannedRecord], index: DirectoryIndex = index(), state: Set<String> = [],
        addOnly: [String] = []
    ) -> [DirectoryPrediction] {
        DirectoryPredictor(index: index, addOnlyAttributes: addOnly).predict(records) { state.contains($0) }
    }

    @Test func createUpdateNoChangeEnableAndDisable() {
        let predictions = Self.predict([
            Self.record("2001", upn: "new.hire@contoso.com", name: "New Hire"),
            Self.record("1001", upn: "ann.lee@contoso.com", name: "Ann Lee-Smith"),
            Self.record("1001", upn: "ann.lee@contoso.com", name: "Ann Lee"),
            Self.record("1002", upn: "bob.ray@contoso.com", name: "Bob Ray"),
            Self.record("1001", upn: "ann.lee@contoso.com", name: "Ann Lee", active: false),
        ])
        #expect(predictions.map(\.outcome) == [.create, .update, .noChange, .enable, .disable])
        #expect(predictions.map(\.loggedAction) == ["create", "update", "update", "update", "disable"])
        #expect(
            predictions[0].changes == [
                .init(attribute: "displayName", old: nil, new: "New Hire"),
                .init(attribute: "employeeId", old: nil, new: "2001"),
                .init(attribute: "userPrincipalName", old: nil, new: "new.hire@contoso.com"),
                .init(attribute: "accountEnabled", old: nil, new: "True"),
            ])
        #expect(predictions[1].changes == [.init(attribute: "displayName", old: "Ann Lee", new: "Ann Lee-Smith")])
        #expect(predictions[1].objectId == "o-ann")
        #expect(predictions[3].changes == [.init(attribute: "accountEnabled", old: "False", new: "True")])
        #expect(predictions[4].changes == [.init(attribute: "accountEnabled", old: "True", new: "False")])
        #expect(predictions.allSatisfy { $0.findings.isEmpty && !$0.fails })
    }

    /// Values compare exactly, as the logs' modified properties do; a cleared value is a change to nothing; an
    /// attribute not read has no known old value; an add-only attribute is not written on update.
    @Test func changesFollowWhatTheJobWrites() {
        let predictions = Self.predict(
            [
                Self.record(
                    "1001", upn: "ann.lee@contoso.com", name: "ANN LEE",
                    extra: ["department": nil, "jobTitle": "CFO", "mailNickname": "ann.l"])
            ], addOnly: ["mailNickname"])
        #expect(
            predictions[0].changes == [
                .init(attribute: "displayName", old: "Ann Lee", new: "ANN LEE")
            ])
        let cleared = Self.predict([
            Self.record("1002", upn: "bob.ray@contoso.com", active: false, extra: ["displayName": nil])
        ])
        #expect(cleared[0].changes == [.init(attribute: "displayName", old: "Bob Ray", new: nil)])
        #expect(cleared[0].outcome == .update, "a disabled leaver sent inactive is not disabled again")
    }

    @Test func aValueAnotherObjectHoldsIsACollisionNamingIt() {
        let predictions = Self.predict([
            // The guest's UPN, and mail.
            Self.record("2001", upn: "DAN_fabrikam.com#EXT#@contoso.onmicrosoft.com", mail: "dan@fabrikam.com"),
            // A secondary proxy address of the disabled leaver.
            Self.record("2002", upn: "robert@contoso.com", mail: "Bob@contoso.com"),
            // The mailNickname of a user without employeeId.
            Self.record("2003", upn: "c.d@contoso.com", nickname: "CDIAZ"),
            // An existing user updating to his own values collides with nobody.
            Self.record("1002", upn: "bob.ray@contoso.com", mail: "bob@contoso.com"),
        ])
        #expect(predictions.map(\.fails) == [true, true, true, false])
        #expect(predictions.map(\.loggedAction) == ["create", "create", "create", "update"])
        #expect(
            predictions[0].findings == [
                .valueHeld(
                    .userPrincipalName, value: "DAN_fabrikam.com#EXT#@contoso.onmicrosoft.com", by: Self.dan.object,
                    record: nil),
                .valueHeld(.mail, value: "dan@fabrikam.com", by: Self.dan.object, record: nil),
            ])
        #expect(
            predictions[1].findings == [
                .valueHeld(.mail, value: "Bob@contoso.com", by: Self.bob.object, record: "1002")
            ])
        #expect(
            predictions[2].findings == [.valueHeld(.mailNickname, value: "CDIAZ", by: Self.cara.object, record: nil)])
        let message = predictions[0].findings[0].message()
        #expect(
            message.contains("User 'o-dan' (dan_fabrikam.com#EXT#@contoso.onmicrosoft.com, a guest, no employeeId)"))
        #expect(predictions[1].findings[0].message().contains("disabled, employeeId '1002'"))
    }

    @Test func twoRecordsWithOneValueTheFirstGetsItTheOtherFails() {
        let predictions = Self.predict([
            Self.record("3001", upn: "sam.lee@contoso.com"),
            Self.record("3002", upn: "Sam.Lee@contoso.com"),
        ])
        #expect(
            predictions[0].findings == [
                .valueInFile(.userPrincipalName, value: "Sam.Lee@contoso.com", record: "3002", keeps: true)
            ])
        #expect(
            predictions[1].findings == [
                .valueInFile(.userPrincipalName, value: "Sam.Lee@contoso.com", record: "3001", keeps: false)
            ])
        #expect(predictions.map(\.fails) == [false, true])
    }

    /// A rename frees the old userPrincipalName for the records sent after it, not before; a replaced mail stays a
    /// proxy address, so it stays taken.
    @Test func aRenameIsShownAndFreesTheOldNameForLaterRecords() {
        let predictions = Self.predict([
            Self.record("4001", upn: "ann.lee@contoso.com"),
            Self.record("1001", upn: "ann.smith@contoso.com", mail: "ann.smith@contoso.com", name: "Ann Lee"),
            Self.record("4002", upn: "ann.lee@contoso.com", mail: "ann.lee@contoso.com"),
        ])
        #expect(predictions[1].findings == [.rename(old: "ann.lee@contoso.com", new: "ann.smith@contoso.com")])
        #expect(predictions[1].outcome == .update)
        #expect(
            predictions[0].findings == [
                .valueHeld(.userPrincipalName, value: "ann.lee@contoso.com", by: Self.ann.object, record: "1001")
            ])
        #expect(
            predictions[2].findings == [
                .valueHeld(.mail, value: "ann.lee@contoso.com", by: Self.ann.object, record: "1001")
            ])
        #expect(predictions.map(\.fails) == [true, false, true])
    }

    @Test func twoUsersWithTheMatchingValueMakeTheRecordAmbiguous() {
        let twin = DirectoryUser(id: "o-twin", userPrincipalName: "twin@contoso.com", employeeId: "1001")
        let predictions = Self.predict(
            [Self.record("1001", upn: "ann.lee@contoso.com")], index: Self.index([Self.ann, twin]))
        #expect(predictions[0].outcome == .ambiguous && predictions[0].loggedAction == "other" && predictions[0].fails)
        #expect(predictions[0].findings == [.duplicateMatch(value: "1001", objectIds: ["o-ann", "o-twin"])])
    }

    @Test func managerReferences() {
        let predictions = Self.predict(
            [
                Self.record("5001", upn: "m@contoso.com"),
                Self.record("5002", upn: "a@contoso.com", manager: "5001"),  // sent first: resolves
                Self.record("5003", upn: "b@contoso.com", manager: "5009"),  // sent after
                Self.record("5004", upn: "c@contoso.com", manager: "7777"),  // the state knows it
                Self.record("5005", upn: "d@contoso.com", manager: "1001"),  // in the directory only
                Self.record("5006", upn: "e@contoso.com", manager: "9999"),  // nowhere
                Self.record("5007", upn: "f@contoso.com", manager: "5007"),  // itself
                Self.record("5008", upn: "cara.diaz@contoso.com"),  // fails: a collision
                Self.record("5010", upn: "g@contoso.com", manager: "5008"),
                Self.record("5009", upn: "h@contoso.com"),
            ], state: ["7777"])
        let findings = predictions.map { $0.findings.filter { $0.kind.hasPrefix("manager") } }
        #expect(findings[1].isEmpty && findings[3].isEmpty)
        #expect(findings[2] == [.managerUnresolved(reference: "5009", .sentAfter)])
        #expect(findings[4] == [.managerOutsideJob(reference: "1001", manager: Self.ann.object)])
        #expect(findings[5] == [.managerUnresolved(reference: "9999", .notFound)])
        #expect(findings[6] == [.managerUnresolved(reference: "5007", .isSelf)])
        #expect(findings[8] == [.managerUnresolved(reference: "5008", .managerFails)])
        #expect(findings[4][0].message().contains("resolves only if the job's matching finds it"))
        #expect(predictions.filter { !$0.findings.isEmpty }.allSatisfy { $0.externalId == "5008" || !$0.fails })
    }

    @Test func aPersonTheJobSentBeforeButTheDirectoryLacksIsCreatedAgain() {
        let predictions = Self.predict([Self.record("6001", upn: "gone@contoso.com", sentBefore: true)])
        #expect(predictions[0].outcome == .create)
        #expect(predictions[0].findings == [.notFoundAlthoughSent(value: "6001")])
        #expect(!predictions[0].fails)
    }

    @Test func theSummaryCountsOutcomesFindingsAndFailures() {
        let summary = DirectoryPredictionSummary(
            Self.predict([
                Self.record("2001", upn: "cara.diaz@contoso.com"), Self.record("1001", upn: "ann.lee@contoso.com"),
                Self.record("1002", upn: "bob.ray@contoso.com"),
            ]))
        #expect(summary.outcomes == [.create: 1, .noChange: 1, .enable: 1])
        #expect(summary.findings == ["collision": 1])
        #expect(summary.failing == 1)
    }
}
