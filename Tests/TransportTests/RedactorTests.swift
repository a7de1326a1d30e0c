import Foundation
import TestSupport
import Testing

@testable import Transport

/// The redactor decodes what a server may have encoded (base64 at any alignment, JSON `\u` escapes) and works in time
/// linear in the text.
@Suite struct RedactorTests {
    static let secret = "Qv8~Hk3+Zn/Wt=Bx_4.Lm7Rp"
    static let token = makeJWT(#"{"roles":["SynchronizationData-User.Upload"],"sub":"redactor-test"}"#)

    /// The form body the token client sends, as a token endpoint would echo it.
    static var formBody: String {
        "grant_type=client_credentials&client_id=c&client_secret="
            + Redactor.percentEncoded(secret, spaceAsPlus: true) + "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
    }

    static func base64(_ text: String, url: Bool) -> String {
        let plain = Data(text.utf8).base64EncodedString()
        return url
            ? plain.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "") : plain
    }

    /// The secret at each of the three byte alignments of the encoding (a prefix of 0, 1 or 2 bytes), in base64 and
    /// base64url, and glued to a preceding base64 character (the run starts before the encoding does).
    @Test(arguments: ["", "a", "ab"], [false, true])
    func base64OfTextHoldingASecretGoesAtEveryAlignment(prefix: String, url: Bool) {
        let redactor = Redactor(secrets: [Self.secret, Self.token])
        let echoes = [
            prefix + Self.formBody, prefix + "Authorization: Bearer \(Self.token)",
            prefix + "X-IDENTITY-HEADER: identity-header-value-0042",
        ]
        for echo in echoes {
            for glue in ["", "Q"] {
                let output = redactor.redact("the request was: \(glue)\(Self.base64(echo, url: url)) (end)")
                #expect(output.contains(Redactor.marker), "\(echo)")
                #expect(output.hasPrefix("the request was: ") && output.hasSuffix(" (end)"))
                let leaks = LeakChecker.leaks(
                    of: [Self.secret, Self.token, "identity-header-value-0042"], in: output)
                #expect(leaks.isEmpty, "\(echo) leaked in \(output)")
            }
        }
    }

    /// A bearer line or a managed-identity header line in base64 goes even when its value was never registered.
    @Test func anEncodedCredentialLineGoesWhateverWasRegistered() {
        let redactor = Redactor(secrets: [])
        for line in [
            "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123", "x-identity-header: 7f3a9c0e-unregistered",
        ] {
            for prefix in ["", "a", "ab"] {
                let output = redactor.redact("echo " + Self.base64(prefix + line, url: false))
                #expect(output == "echo [redacted]", "\(prefix)\(line)")
            }
        }
    }

    /// .NET writes `+` as `\u002B`; any character may come as a `\u` escape, in either case, surrogate pairs too.
    @Test func jsonUnicodeEscapesAreDecodedBeforeSearching() {
        let secret = "Pq9+Ws/\u{1F511}Xe=Lk~Zr4"
        let redactor = Redactor(secrets: [secret])
        let dotnet = secret.replacingOccurrences(of: "+", with: "\\u002B")
        let lower = secret.replacingOccurrences(of: "+", with: "\\u002b").replacingOccurrences(of: "/", with: "\\/")
        var every = ""
        for unit in secret.utf16 { every += String(format: "\\u%04X", unit) }
        for form in [dotnet, lower, every] {
            let output = redactor.redact(#"{"error_description":"client_secret=\#(form) is wrong"}"#)
            #expect(output == #"{"error_description":"client_secret=[redacted] is wrong"}"#, "\(form)")
        }
    }

    /// What is not a credential stays: ordinary words, identifiers, base64 of harmless text.
    @Test func harmlessTextIsLeftAlone() {
        let redactor = Redactor(secrets: [Self.secret])
        let texts = [
            "API2AAD.b16687d38faf42adb29892cdcaf01c6e.1a03de52-b9c3-4e2c-a1e3-9145aaa8e530",
            #"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize""#,
            "The bucket that stores the ingested data is full; "
                + Self.base64("nothing secret here at all", url: false),
            "percent %2B and \\u002B alone",
        ]
        for text in texts { #expect(redactor.redact(text) == text) }
    }

    /// The patterns were quadratic in a run of token characters followed by a dot: 40 KB cost 93 s. Every shape is
    /// now one forward pass: a megabyte of that run, and 256 KB of each other hostile shape (near-misses of every
    /// rule, of the percent and JSON decoders, and of a registered secret), stay far below a generous CPU budget
    /// (about 2 CPU seconds for the megabyte in a debug build).
    @Test(arguments: [
        String(repeating: "a", count: 1 << 20) + ".",
        String(repeating: "eyJ", count: 90_000) + ".",
        String(repeating: "a.", count: 130_000),
        String(repeating: "aaaaaaaaaaaaaaaa.", count: 15_000) + "!",
        String(repeating: "bearer ", count: 40_000),
        String(repeating: "%2", count: 130_000) + "\\u00",
        String(repeating: "Qv8~Hk3+Zn/Wt=Bx_4.Lm7R", count: 11_000),
    ])
    func redactionIsLinearOnHostileText(text: String) {
        let redactor = Redactor(secrets: [Self.secret, Self.token])
        let outcome = CPUBudget.run(limit: 30) { _ = redactor.redact(text) }
        guard case .finished(let seconds) = outcome else {
            Issue.record("redacting \(text.utf8.count) bytes took more than 30 CPU seconds")
            return
        }
        #expect(seconds < 30)
    }
}
