import JSONDocument
import SCIM
import Testing

/// The fast encoder must produce exactly the bytes of encoding the `SCIMUser` tree, for every presence pattern.
@Suite struct PayloadEncoderTests {
    static let paths = [
        "externalId", "userName", "name.givenName", "name.familyName", "displayName", "active",
        "emails[type eq \"work\"].value", "emails[type eq \"work\"].primary", "emails[type eq \"home\"].value",
        "phoneNumbers[type eq \"mobile\"].value", "addresses[type eq \"work\"].locality",
        "addresses[type eq \"work\"].country",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate",
        "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:Badge.code",
        "urn:ietf:params:scim:schemas:extension:acme:2.0:User:Code",
    ]

    func tree(_ encoder: PayloadEncoder, _ values: [JSON?]) -> [UInt8] {
        JSONWriter.encode(.object(encoder.user(values).dataObject()))
    }

    /// A deterministic draw (Knuth's MMIX LCG, high bits), so a failure reproduces.
    func next(_ state: inout UInt64) -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }

    func sample(_ index: Int, _ random: inout UInt64) -> JSON? {
        switch next(&random) % 6 {
        case 0, 1: return nil
        case 2: return .null
        case 3: return .bool(next(&random) % 2 == 0)
        case 4: return .number(Int(next(&random) % 20))  // numbers that look like the placeholders
        default: return .string("v\(index) \"quoted\" Zoë\n")
        }
    }

    @Test func matchesTheTreeForRandomPatterns() throws {
        var encoder = PayloadEncoder(paths: try Self.paths.map { try AttributePath.parse($0) })
        var random: UInt64 = 7
        for _ in 0..<3000 {
            let values = Self.paths.indices.map { sample($0, &random) }
            #expect(encoder.encode(values) == tree(encoder, values))
        }
    }

    @Test func pathsSharingAPlaceLetTheLastPresentOneWin() throws {
        let paths = try ["emails[type eq work].value", "emails[type eq \"work\"].value", "userName"].map {
            try AttributePath.parse($0)
        }
        var encoder = PayloadEncoder(paths: paths)
        for values: [JSON?] in [
            [.string("a"), .string("b"), nil], [.string("a"), nil, nil], [nil, .string("b"), .string("u")],
        ] {
            #expect(encoder.encode(values) == tree(encoder, values))
        }
        #expect(
            String(decoding: encoder.encode([.string("a"), .string("b"), nil]), as: UTF8.self).contains(
                #""emails":[{"value":"b","type":"work"}]"#))
    }

    @Test func moreShapesThanTheCacheHoldsStillEncodeCorrectly() throws {
        // 2^13 patterns over 13 custom attributes: the cache is emptied and refilled on the way.
        let paths = try (0..<13).map {
            try AttributePath.parse("urn:ietf:params:scim:schemas:extension:x:1.0:User:a\($0)")
        }
        var encoder = PayloadEncoder(paths: paths)
        for pattern in 0..<(1 << 13) {
            let values: [JSON?] = (0..<13).map { pattern & (1 << $0) != 0 ? .string("\($0)") : nil }
            #expect(encoder.encode(values) == tree(encoder, values))
        }
    }
}
