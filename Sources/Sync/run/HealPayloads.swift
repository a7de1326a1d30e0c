import Export
import Foundation
import JSONDocument
import Mapping
import SCIM

/// The complete payloads a heal re-sends, looked up by externalId: first in the state (exactly what was accepted),
/// then in the upload's input, read again with the journal's mapping and options.
struct HealPayloads {
    private let state: StateFile?
    private let export: BatchedExport?
    private let positions: [String: Int]
    /// Why the input could not be read (said once, when a payload is missing because of it).
    let exportProblem: String?

    init(header: Journal.Header, statePath: String?) {
        state = statePath.flatMap { try? StateFile.load(path: $0) }
        var reader = ExportReader()
        let input = header.inputOptions
        reader.dialect = input.dialect
        reader.format = input.format
        reader.recordsPath = input.recordsPath
        reader.mappingFile = header.mapping
        reader.emptyAsNull = header.emptyAsNull ?? false
        // The upload being healed already decided whether a mapping without `active` may be sent.
        reader.allowMissingActive = true
        do {
            let reading = try reader.read(path: header.input)
            var positions: [String: Int] = [:]
            for record in 0..<reading.index.count where reading.index.isValid(record) {
                positions[reading.index.externalIds[record]] = record
            }
            export = try reading.prepare(selection: .everything)
            self.positions = positions
            exportProblem =
                reading.inputDigest == header.inputDigest
                ? nil : "\(header.input) changed since the upload; its records are today's, not the ones sent"
        } catch {
            export = nil
            positions = [:]
            exportProblem = "cannot read \(header.input) again: \(error.localizedDescription)"
        }
    }

    /// The person's complete `data` object, or nil when neither the state nor the input has them.
    func payload(of externalId: String) -> [UInt8]? {
        if let entry = state?.entries[externalId], !entry.disabled { return entry.data }
        guard let export, let record = positions[externalId] else { return nil }
        return try? export.data(ofRecord: record)
    }

    /// `manager.value` of the enterprise extension in a payload.
    static func manager(in payload: [UInt8]) -> String? {
        (try? JSON.parse(payload))?[SCIMSchema.enterpriseUser]?["manager"]?["value"]?.stringValue
    }
}
