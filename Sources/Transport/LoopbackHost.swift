/// Hosts whose traffic never leaves the machine: where plain http may carry a credential. `localhost`, `::1`
/// (bracketed or not) and 127.0.0.0/8 written as four decimal octets (no shorthand such as 127.1 or 0x7f.0.0.1: those
/// are refused, not guessed). The one rule: the Entra side's `HostPolicy.isLoopbackHost` calls it.
package enum LoopbackHost {
    package static func contains(_ host: String) -> Bool {
        var bare = host.lowercased()
        if bare.hasPrefix("[") && bare.hasSuffix("]") { bare = String(bare.dropFirst().dropLast()) }
        if bare.hasSuffix(".") { bare.removeLast() }
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        let octets = parts.compactMap { part -> UInt8? in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return UInt8(part)
        }
        return octets.count == 4 && octets[0] == 127
    }
}
