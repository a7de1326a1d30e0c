import Foundation
import TestSupport
import Testing

@testable import Transport

/// The one redactor for server text: secrets in every encoding, tokens, JWT shapes, control characters.
@Suite struct ServerTextTests {
    /// A secret whose form encoding differs from its raw text (`+`, `/`, `=`, `~`, a space).
    static let secret = "aB3+x/Yz=Q~7 k9.Lm_2"

    @Test(arguments: Redactor.forms(of: secret))
    func everyFormOfASecretIsRemoved(form: String) {
        let text = "client_id=c&client_secret=\(form)&scope=x"
        let cleaned = Redactor(secrets: [Self.secret]).redact(text)
        #expect(!cleaned.contains(form))
        #expect(cleaned == "client_id=c&client_secret=[redacted]&scope=x")
    }

    @Test func theFormsCoverWhatAFormBodyAQueryJSONAndBase64Carry() {
        let forms = Set(Redactor.forms(of: Self.secret))
        #expect(forms.contains("aB3%2Bx%2FYz%3DQ~7%20k9.Lm_2"))  // a strict percent encoding (the client's own)
        #expect(forms.contains("aB3%2Bx%2FYz%3DQ~7+k9.Lm_2"))  // application/x-www-form-urlencoded
        #expect(forms.contains(#"aB3+x\/Yz=Q~7 k9.Lm_2"#))  // a JSON string
        #expect(forms.contains(Data(Self.secret.utf8).base64EncodedString()))
    }

    @Test func percentEncodingMatchesWhateverTheCaseOfItsHexDigits() {
        let cleaned = Redactor(secrets: [Self.secret]).redact("secret=aB3%2bx%2fYz%3dQ~7%20k9.Lm_2.")
        #expect(cleaned == "secret=[redacted].")
    }

    @Test func bearerTokensAndJWTShapesGoWhateverWasRegistered() {
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
        let redactor = Redactor(secrets: [])
        #expect(redactor.redact("Authorization: Bearer abcdefghijklmnop0123") == "Authorization: Bearer [redacted]")
        #expect(redactor.redact("token \(jwt) echoed") == "token [redacted] echoed")
        #expect(redactor.redact("unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. here") == "unsigned [redacted] here")
        let opaque = "AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB.CCCCCCCCCCCCCCCCCCCC"
        #expect(redactor.redact(opaque) == "[redacted]")
        // What is not a credential stays: the WWW-Authenticate challenge, a job id, a host name.
        let challenge = #"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/"#
        #expect(redactor.redact(challenge) == challenge)
        let job = "API2AAD.b16687d38faf42adb29892cdcaf01c6e.1a03de52-b9c3-4e2c-a1e3-9145aaa8e530"
        #expect(redactor.redact(job) == job)
    }

    /// Server text with a bare LF started a new line in cron mail and syslog.
    @Test func everyControlCharacterIsEscaped() {
        let text = "line one\nprovision: exit status 0\r\tthen\u{1B}[31mred\u{7}\u{85}\u{2028}\u{202E}"
        let cleaned = ServerText.clean(text)
        let escaped = #"line one\nprovision: exit status 0\r\tthen\u{001B}[31mred\u{0007}"#
        #expect(cleaned == escaped + #"\u{0085}\u{2028}\u{202E}"#)
        #expect(!cleaned.contains { $0.isNewline })
    }

    @Test func redactionHappensBeforeTheCutSoNoSecretIsHalfShown() {
        let secret = "Zq7-registered-secret-for-the-cut-test-0042"
        SecretRegistry.shared.register([secret])
        let text = String(repeating: "x", count: 90) + secret
        let cleaned = ServerText.clean(text, limit: 100)
        #expect(!cleaned.contains("Zq7-registered"))
        #expect(cleaned.hasPrefix(String(repeating: "x", count: 90) + "[redacted]"))
    }

    /// A 30 KB error body cost 47 s of redaction per batch: everything was redacted, then cut. Only what can be shown
    /// (and the redactor's look-ahead) is read now, so a huge text costs what a short one does.
    @Test func theWorkIsBoundedByTheLimitNotByTheText() {
        let text = String(repeating: "a", count: 8 << 20) + "."
        let outcome = CPUBudget.run(limit: 20) {
            let cleaned = ServerText.clean(text, limit: 300)
            precondition(cleaned == String(repeating: "a", count: 300) + "…")
        }
        guard case .finished(let seconds) = outcome else {
            Issue.record("cleaning 8 MB for a 300-character message took more than 20 CPU seconds")
            return
        }
        #expect(seconds < 20)
    }

    /// The cut comes before redaction now, but a secret that starts before it is still seen whole and removed. The
    /// byte cut is 4 bytes a character: four-byte characters before the secret make it straddle the cut.
    @Test func aSecretAcrossTheCutIsRemovedWhole() {
        let secret = "Zq7+registered/secret=across~the-cut-" + String(repeating: "0123456789", count: 6)
        SecretRegistry.shared.register([secret])
        let filler = String(repeating: "\u{1F600}", count: 89)
        let forms = [
            secret, Redactor.percentEncoded(secret, spaceAsPlus: false), Data(secret.utf8).base64EncodedString(),
        ]
        for form in forms {
            let text = filler + " " + form + " " + String(repeating: "y", count: 200 << 10)
            #expect(filler.utf8.count + 1 < 400 && filler.utf8.count + 1 + form.utf8.count > 400)
            let cleaned = ServerText.clean(text, limit: 100)
            #expect(cleaned == filler + " [redacted]…", "\(cleaned.suffix(40))")
            #expect(LeakChecker.leaks(of: [secret], in: cleaned).isEmpty)
        }
    }

    @Test func aRegisteredSecretIsRemovedFromAnyServerText() {
        let secret = "Kx9~another+registered/secret=="
        SecretRegistry.shared.register([secret])
        let echoed = "client_secret=" + Redactor.percentEncoded(secret, spaceAsPlus: false)
        #expect(ServerText.clean(echoed) == "client_secret=[redacted]")
    }

    /// Short values would mangle ordinary words if removed everywhere; their holder passes them as `extra`.
    @Test func shortValuesAreNotRegisteredButCanBePassedAlong() {
        SecretRegistry.shared.register(["abc"])
        #expect(ServerText.clean("abcdef") == "abcdef")
        #expect(ServerText.clean("abcdef", extra: ["abc"]) == "[redacted]def")
    }

    @Test func aTruncatedBodySaysWhereItWasCut() {
        let text = ServerText.clean(body: Data("  partial answer\n".utf8), truncatedAt: 64 * 1024)
        #expect(text == "partial answer (truncated at 64 KB)")
    }

    @Test func invalidUTF8IsReplacedNotTrusted() {
        #expect(ServerText.clean(body: Data([0x61, 0xFF, 0x62]), truncatedAt: nil) == "a\u{FFFD}b")
    }
}
