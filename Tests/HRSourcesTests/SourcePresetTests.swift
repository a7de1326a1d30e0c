import Foundation
import HRSources
import Testing

/// Presets are data: each resolves from its parameters or a whole URL, adds the query its source needs, and says what
/// is missing.
@Suite struct SourcePresetTests {
    @Test func everyPresetIsComplete() throws {
        #expect(Set(SourcePreset.all.map(\.name)).count == SourcePreset.all.count)
        for name in ["workday", "bamboohr", "successfactors", "personio", "adp", "generic", "BambooHR"] {
            #expect(SourcePreset.named(name) != nil, "\(name)")
        }
        for preset in SourcePreset.all {
            #expect(preset.authStyles.contains(preset.auth), "\(preset.name)")
            #expect(preset.documentation.hasPrefix("docs/hr-sources.md#"), "\(preset.name)")
            if preset.authStyles.contains(.oauth2) { #expect(preset.tokenRequest != nil, "\(preset.name)") }
        }
    }

    @Test func workdayFromItsParametersOrItsURL() throws {
        let settings = SourceSettings(
            parameters: [
                "host": "wd2-impl-services1.workday.com", "tenant": "acme", "owner": "ISU_sync",
                "report": "All Workers",
            ],
            auth: .oauth2, clientID: "client")
        let resolved = try SourcePreset.workday.configuration(settings)
        #expect(
            resolved.url.absoluteString
                == "https://wd2-impl-services1.workday.com/ccx/service/customreport2/acme/ISU_sync/All%20Workers?format=json"
        )
        #expect(resolved.recordsPath == "Report_Entry" && resolved.paging.style == .none)
        #expect(
            resolved.auth.tokenURL?.absoluteString == "https://wd2-impl-services1.workday.com/ccx/oauth2/acme/token")
        #expect(resolved.auth.secrets == [.clientSecret, .refreshToken])
        // The URL as Workday's "View URLs" shows it: its tenant fills the token URL, format=json is kept once.
        let fromURL = try SourcePreset.workday.configuration(
            SourceSettings(
                url: "https://wd5-services1.myworkday.com/ccx/service/customreport2/globex/owner/Report?format=json",
                auth: .oauth2, clientID: "client"))
        #expect(fromURL.url.query == "format=json")
        #expect(fromURL.auth.tokenURL?.absoluteString == "https://wd5-services1.myworkday.com/ccx/oauth2/globex/token")
    }

    @Test func whatIsMissingIsNamed() throws {
        #expect(throws: SourceError.self) { try SourcePreset.workday.configuration(SourceSettings()) }
        do {
            _ = try SourcePreset.workday.configuration(SourceSettings(parameters: ["tenant": "t"], user: "u"))
        } catch {
            #expect(
                error.detail.hasPrefix(
                    "the source URL needs host (the tenant's web-services host, e.g. wd2-impl-services1.workday.com), "
                        + "owner (the report owner's user name), report"))
        }
        do {
            _ = try SourcePreset.generic.configuration(SourceSettings())
        } catch {
            #expect(error.errorDescription == "the generic source: the generic source needs its URL")
        }
        do {
            _ = try SourcePreset.bambooHR.configuration(SourceSettings(parameters: ["company": "acme"], auth: .basic))
        } catch {
            #expect(error.detail == "the bamboohr source does not take basic credentials (it takes api-key-as-user)")
        }
        do {
            _ = try SourcePreset.generic.configuration(
                SourceSettings(url: "https://h/x", paging: SourcePaging(style: .cursor, cursorParameter: "c")))
        } catch {
            #expect(error.detail == "cursor paging needs the cursor's parameter and its path in the answer")
        }
    }

    @Test func bambooHRAsksForItsFieldsInAJSONBody() throws {
        let resolved = try SourcePreset.bambooHR.configuration(
            SourceSettings(parameters: ["company": "acme", "fields": "employeeNumber, firstName,\"odd\""]))
        #expect(resolved.method == "POST")
        #expect(
            resolved.url.absoluteString == "https://api.bamboohr.com/api/gateway.php/acme/v1/reports/custom?format=JSON"
        )
        let body = String(decoding: try #require(resolved.body), as: UTF8.self)
        #expect(body == #"{"title": "provision", "fields": ["employeeNumber", "firstName", "\"odd\""]}"#)
        let defaults = try SourcePreset.bambooHR.configuration(SourceSettings(parameters: ["company": "acme"]))
        #expect(String(decoding: try #require(defaults.body), as: UTF8.self).contains(#""supervisorEId""#))
    }

    @Test func successFactorsAsksForLeaversAndJSON() throws {
        let resolved = try SourcePreset.successFactors.configuration(
            SourceSettings(parameters: ["host": "api4.successfactors.com"], pageSize: 5000, user: "api@ACME"))
        #expect(
            resolved.url.absoluteString.hasPrefix(
                "https://api4.successfactors.com/odata/v2/User?$format=json&$filter=status"))
        #expect(resolved.pageSize == 1000)
        #expect(resolved.paging.nextLinkPath == "d.__next")
    }
}
