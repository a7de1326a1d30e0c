/// The record being assembled by the scanner: all field bytes back to back, and where each field ends.
struct RecordAssembly {
    /// The physical line on which the record starts.
    var line = 0
    var bytes: [UInt8] = []
    var fieldEnds: [Int] = []
    /// File offset of each field's first content byte, and the record indexes where a quote was dropped:
    /// together they map a bad byte back to its file offset (only needed for error messages).
    var fieldOffsets: [Int] = []
    var droppedQuotes: [Int] = []

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        fieldOffsets.removeAll(keepingCapacity: true)
        droppedQuotes.removeAll(keepingCapacity: true)
    }
}
