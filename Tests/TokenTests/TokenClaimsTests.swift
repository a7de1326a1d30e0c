import Foundation
import TestSupport
import Testing

@testable import Token

@Suite struct TokenClaimsTests {
    @Test func decodesRolesAudienceTenantAppAndExpiry() throws {
        let jwt = makeJWT(
            #"{"aud":"https://graph.microsoft.com","tid":"t-1","appid":"app-1","exp":1700003600,"#
                + #""roles":["SynchronizationData-User.Upload","AuditLog.Read.All"],"name":"ünïcødé ~~~"}"#)
        let claims = try #require(TokenClaims.decode(jwt))
        #expect(claims.roles == ["SynchronizationData-User.Upload", "AuditLog.Read.All"])
        #expect(claims.audience == "https://graph.microsoft.com")
        #expect(claims.tenantID == "t-1")
        #expect(claims.appID == "app-1")
        #expect(claims.expiresAt == Date(timeIntervalSince1970: 1_700_003_600))
    }

    @Test func v2TokenUsesAzpAndArrayAudience() throws {
        let claims = try #require(TokenClaims.decode(makeJWT(#"{"aud":["api://x","y"],"azp":"app-2"}"#)))
        #expect(claims.appID == "app-2")
        #expect(claims.audience == "api://x")
        #expect(claims.roles.isEmpty)
        #expect(claims.expiresAt == nil)
    }

    @Test(arguments: ["", "opaque-token", "a.b", "a.b.c.d", "x.!!!.y", makeJWT("[1,2]"), makeJWT("not json")])
    func notAJWTGivesNil(text: String) {
        #expect(TokenClaims.decode(text) == nil)
    }
}
