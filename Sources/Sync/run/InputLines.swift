import CSV
import Hashing
import Mapping

/// Where the upload's records are in the export at the upload's path now, for what `provision status` prints and
/// copies by line (by position, for JSON records). The journal has the uploaded file's SHA-256: while the file there is that file, the journal's
/// lines are right; once it was replaced, each record is found again by externalId, with the upload's mapping.
enum InputLines: Sendable, Equatable {
    /// The file is the one that was uploaded: the journal's lines are its lines.
    case unchanged
    /// The file was replaced: each externalId found in it, with its line there now.
    case relocated([String: Int])
    /// The file was replaced (or is gone) and the records cannot be found again: why.
    case lost(String)

    static func locate(_ header: Journal.Header, ids: Set<String>) -> InputLines {
        guard let digest = SHA256.hexDigest(ofFile: header.input) else {
            return .lost("\(header.input), the input of the upload, cannot be read")
        }
        guard digest != header.inputDigest else { return .unchanged }
        guard header.mappingDigest == header.mapping.flatMap({ SHA256.hexDigest(ofFile: $0) }) else {
            return .lost(
                "\(header.input) and its mapping changed since the upload, so its records cannot be found again")
        }
        do {
            let reader = try RecordSource(path: header.input, options: header.inputOptions)
            let mapping = try reader.mapping(file: header.mapping)
            let mapper = RecordMapper(mapping: mapping, emptyAsNull: header.emptyAsNull ?? false)
            var lines: [String: Int] = [:]
            while let record = try reader.next() {
                guard let id = mapper.map(record).externalId, ids.contains(id), lines[id] == nil else { continue }
                lines[id] = record.line
            }
            return .relocated(lines)
        } catch {
            return .lost(
                "\(header.input) changed since the upload and cannot be read again: \(error.localizedDescription)")
        }
    }

}
