import KagamiCore

/// A piece of a JSON file that can be parsed on its own: it starts and ends at event boundaries
/// and knows the record and line numbers it starts with, so units parsed on different threads
/// still number their events as the file does.
public struct JSONWorkUnit: Sendable, Hashable {
    public let bytes: Range<Int>
    /// 1-based record number of the unit's first event.
    public let firstRecord: Int64
    /// 1-based line number of the unit's first byte.
    public let firstLine: Int
    /// In array files, whether the unit starts between elements of the top-level array.
    let startsInsideArray: Bool
}

/// Cuts a file into work units in one cheap pass: a `memchr` per line for JSON lines, a
/// string-aware brace scan for streams and arrays (the same scan the parser uses, so both agree
/// on what is a record).
enum JSONChunker {
    /// `passed` is told each range the pass is done with (the caller lets its pages go).
    static func units(_ bytes: UnsafeRawBufferPointer, layout: JSONLayout, from start: Int, unitBytes: Int,
                      passed: (Range<Int>) -> Void = { _ in }) -> [JSONWorkUnit] {
        guard start < bytes.count else { return [] }
        let size = max(1, unitBytes)
        var cuts: [Cut]
        if layout == .lines {
            cuts = lineCuts(bytes, from: start, size: size, passed: passed)
        } else {
            cuts = slotCuts(bytes, from: start, size: size, passed: passed)
            // Line numbers matter only for messages, so they are counted once per unit here
            // instead of per line while parsing.
            var line = 1
            for i in cuts.indices {
                cuts[i].firstLine = line
                line += JSONBytes.countNewlines(bytes, cuts[i].range)
                passed(cuts[i].range)
            }
        }
        return cuts.map {
            JSONWorkUnit(bytes: $0.range, firstRecord: $0.firstRecord, firstLine: $0.firstLine, startsInsideArray: $0.insideArray)
        }
    }

    private struct Cut {
        var range: Range<Int>
        var firstRecord: Int64
        var insideArray: Bool
        var firstLine = 1
    }

    /// Every line with a non-space byte is a record, whether or not it parses.
    private static func lineCuts(_ bytes: UnsafeRawBufferPointer, from start: Int, size: Int, passed: (Range<Int>) -> Void) -> [Cut] {
        var cuts: [Cut] = []
        var unitStart = start, record: Int64 = 1, recordsInUnit: Int64 = 0
        var line = 1, linesInUnit = 0
        var i = start
        while i < bytes.count {
            let lineEnd = JSONBytes.lineEnd(bytes, from: i)
            if JSONBytes.skipSpace(bytes, from: i, limit: lineEnd) < lineEnd { recordsInUnit += 1 }
            linesInUnit += 1
            i = min(lineEnd + 1, bytes.count)
            if i - unitStart >= size || i == bytes.count {
                cuts.append(Cut(range: unitStart..<i, firstRecord: record, insideArray: false, firstLine: line))
                passed(unitStart..<i)
                record += recordsInUnit
                line += linesInUnit
                recordsInUnit = 0
                linesInUnit = 0
                unitStart = i
            }
        }
        return cuts
    }

    private static func slotCuts(_ bytes: UnsafeRawBufferPointer, from start: Int, size: Int, passed: (Range<Int>) -> Void) -> [Cut] {
        var cuts: [Cut] = []
        var scanner = JSONSlotScanner(bytes, from: start, limit: bytes.count, insideArray: false)
        var unitStart = start, unitInsideArray = false, record: Int64 = 1, recordsInUnit: Int64 = 0
        while let slot = scanner.next() {
            if slot.isRecord { recordsInUnit += 1 }
            if scanner.position - unitStart >= size {
                cuts.append(Cut(range: unitStart..<scanner.position, firstRecord: record, insideArray: unitInsideArray))
                passed(unitStart..<scanner.position)
                record += recordsInUnit
                recordsInUnit = 0
                unitStart = scanner.position
                unitInsideArray = scanner.insideArray
            }
        }
        if unitStart < bytes.count {
            cuts.append(Cut(range: unitStart..<bytes.count, firstRecord: record, insideArray: unitInsideArray))
        }
        return cuts
    }
}
