import Hashing
import Testing

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func matchesPublishedVectors(input: String, expected: String) {
        #expect(SHA256.hex(of: input) == expected)
    }

    @Test func chunkedUpdatesEqualOneUpdate() {
        let text = String(repeating: "provision-äöü-", count: 500)
        var chunked = SHA256()
        var remaining = Substring(text)
        while !remaining.isEmpty {
            let chunk = remaining.prefix(37)
            chunked.update(String(chunk))
            remaining = remaining.dropFirst(37)
        }
        #expect(chunked.hexDigest() == SHA256.hex(of: text))
    }

    @Test func millionAs() {
        var hasher = SHA256()
        hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(hasher.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
