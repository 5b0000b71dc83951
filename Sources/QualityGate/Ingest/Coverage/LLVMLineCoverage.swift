/// Line hits from llvm-cov segments, by the rules of LLVM's `LineCoverageStats`
/// (llvm/lib/ProfileData/Coverage/CoverageMapping.cpp), so that qgate's line numbers agree
/// with `llvm-cov show` and with the `DA` records of `llvm-cov export -format=lcov`.
///
/// For each line from the first to the last segment, with `wrapped` the last segment before
/// the line and `starts` the segments on it that are non-gap region entries with a count:
/// - the line is mapped when `wrapped` has a count or `starts` is not empty, unless the first
///   segment on the line opens a skipped region (region entry without a count); any region
///   entry with a count on the line (gap or not) makes it mapped regardless;
/// - its count is the maximum of `wrapped`'s count and the counts of `starts`.
///
/// This is why `case .square: return 4` counts 1 in the Swift demo although its region ran 0
/// times: the wrapped segment of line 15 carries a 1. Region coverage shows such misses.
enum LLVMLineCoverage {
    struct Outcome {
        var lines: [LineHit] = []
        /// Segments dropped because their line was outside 1...maxLine.
        var skippedSegments = 0
    }

    static func lines(
        from rawSegments: [LLVMCovExport.Segment], maxLine: Int
    ) -> Outcome {
        var outcome = Outcome()
        var segments = rawSegments.filter { $0.line >= 1 && $0.line <= maxLine }
        outcome.skippedSegments = rawSegments.count - segments.count
        guard !segments.isEmpty else { return outcome }
        // LLVM writes them sorted; a stable sort keeps a hand-edited file usable.
        if !zip(segments, segments.dropFirst()).allSatisfy({ ($0.line, $0.column) <= ($1.line, $1.column) }) {
            segments = segments.enumerated().sorted {
                ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
            }.map(\.element)
        }

        var wrapped: LLVMCovExport.Segment?
        var index = 0
        var line = segments[0].line
        let lastLine = segments[segments.count - 1].line
        while line <= lastLine {
            let first = index
            while index < segments.count, segments[index].line == line { index += 1 }
            let onLine = segments[first..<index]

            if onLine.isEmpty {
                // No segment on this line nor on the following ones up to the next segment:
                // every line of the gap has the same status, from `wrapped` alone.
                let nextLine = segments[index].line
                if let wrapped, wrapped.hasCount {
                    for gapLine in line..<nextLine {
                        outcome.lines.append(LineHit(line: gapLine, hits: wrapped.count.value))
                    }
                }
                line = nextLine
                continue
            }

            let isStart = { (segment: LLVMCovExport.Segment) in
                !segment.isGapRegion && segment.hasCount && segment.isRegionEntry
            }
            let startsRegion = onLine.contains(where: isStart)
            let startOfSkipped = onLine.first.map { !$0.hasCount && $0.isRegionEntry } ?? false
            var mapped = !startOfSkipped && ((wrapped?.hasCount ?? false) || startsRegion)
            if !mapped {
                mapped = onLine.contains { $0.isRegionEntry && $0.hasCount }
            }
            if mapped {
                var count = wrapped?.count.value ?? 0
                if startsRegion {
                    for segment in onLine where isStart(segment) {
                        count = max(count, segment.count.value)
                    }
                }
                outcome.lines.append(LineHit(line: line, hits: count))
            }
            wrapped = onLine.last
            line += 1
        }
        return outcome
    }
}
