import SCIM

/// libFuzzer target: the input (as UTF-8, lossily) is a column header or mapping key. Parsing may fail; when it
/// succeeds, the canonical spelling (`description`) must parse back to an equal path, and the error text must render.
@_cdecl("LLVMFuzzerTestOneInput")
public func attributePathFuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    do {
        let path = try AttributePath.parse(text)
        let canonical = path.description
        let again: AttributePath
        do {
            again = try AttributePath.parse(canonical)
        } catch {
            fatalError(
                "\(text.debugDescription) parsed, but its description \(canonical.debugDescription) does not: \(error)")
        }
        precondition(
            again == path,
            "\(text.debugDescription) -> \(canonical.debugDescription) -> \(again.description.debugDescription)")
        precondition(again.description == canonical, "description is not stable for \(text.debugDescription)")
        _ = path.isCustom
    } catch {
        _ = error.description
    }
    return 0
}
