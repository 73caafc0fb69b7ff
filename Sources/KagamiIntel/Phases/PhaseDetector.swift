import Foundation

/// Finds the phases of a campaign from its incidents over time: change points in the mix of
/// targeted sectors, techniques and malware, each calibrated by a permutation test, and phases
/// that may overlap (a segment whose mix is a blend of its neighbours' is where both ran at once).
///
/// 1. Incidents are sorted by day; each is a set of tokens (`sector:…`, `technique:…`, `malware:…`).
/// 2. Binary segmentation: the split of a segment maximising the G statistic (multinomial
///    likelihood ratio of tokens left vs right) is kept when a permutation test (incidents shuffled
///    within the segment, the maximum G over all splits recomputed) gives p ≤ `alpha`.
/// 3. Each incident may move to a neighbouring segment whose token mix explains it better (mixes
///    re-estimated until stable): where two campaigns ran at once, each gets its incidents back. A
///    segment keeping at least `minSegment` incidents is a phase, from its first to its last incident;
///    phases whose spans intersect overlap.
public struct PhaseDetector: Sendable {
    public var minSegment = 5
    public var permutations = 199
    public var alpha = 0.01
    public var maxSegments = 16
    public var seed: UInt64 = 0x5EED

    public init() {}

    public struct Boundary: Codable, Sendable, Equatable {
        /// First day of the later segment, and last day of the earlier one.
        public var date: String
        public var previousDate: String
        public var statistic: Double
        public var pValue: Double
    }

    public struct Share: Codable, Sendable, Equatable {
        public var token: String
        public var incidents: Int
    }

    public struct Phase: Codable, Sendable, Equatable {
        public var name: String
        public var start: String
        public var end: String
        public var incidents: Int
        public var topSectors: [Share]
        public var topTechniques: [Share]
        public var topMalware: [Share]
        public var overlapsWith: [String]
    }

    /// A stretch between two change points, and how many of its incidents stayed in its phase after
    /// incidents moved to the neighbouring phase that explains them better.
    public struct Segment: Codable, Sendable, Equatable {
        public var start: String
        public var end: String
        public var incidents: Int
        public var kept: Int
    }

    public struct Result: Codable, Sendable {
        public var incidents: Int
        public var boundaries: [Boundary]
        public var segments: [Segment]
        public var phases: [Phase]
        public var note: String?
    }

    public func detect(_ input: [Incident]) -> Result {
        let incidents = input.sorted { $0.day != $1.day ? $0.day < $1.day : $0.id < $1.id }
        var vocabulary: [String: Int] = [:]
        var names: [String] = []
        let tokens: [[Int]] = incidents.map { x in
            var out = Set<Int>()
            let all = x.sectors.map { "sector:" + $0 } + x.techniques.map { "technique:" + $0 } + x.malware.map { "malware:" + $0 }
            for t in all {
                if let i = vocabulary[t] { out.insert(i) } else { vocabulary[t] = names.count; out.insert(names.count); names.append(t) }
            }
            return out.sorted()
        }
        let v = names.count
        guard incidents.count >= 2 * minSegment, v > 1 else {
            return Result(incidents: incidents.count, boundaries: [], segments: [], phases: phasesWithoutSplit(incidents, tokens, names),
                          note: "fewer than \(2 * minSegment) incidents or no variety: no change point can be tested")
        }
        var rng = SplitMix64(seed: seed)
        var cuts: [(index: Int, statistic: Double, p: Double)] = []
        var pending = [(0, incidents.count)]
        while let (lo, hi) = pending.popLast(), cuts.count + 1 < maxSegments {
            guard let best = bestSplit(tokens, incidents, lo, hi, v) else { continue }
            var order = Array(lo..<hi)
            var exceed = 0
            for _ in 0..<permutations {
                rng.shuffle(&order)
                let shuffled = order.map { tokens[$0] }
                // Same days, shuffled contents: splits stay where days change.
                if let s = bestSplit(shuffled, incidents, lo, hi, v, tokenOffset: lo), s.statistic >= best.statistic { exceed += 1 }
            }
            let p = Double(exceed + 1) / Double(permutations + 1)
            guard p <= alpha else { continue }
            cuts.append((best.index, best.statistic, p))
            pending.append((lo, best.index))
            pending.append((best.index, hi))
        }
        cuts.sort { $0.index < $1.index }
        let bounds = [0] + cuts.map { $0.index } + [incidents.count]
        let segs = zip(bounds, bounds.dropFirst()).map { ($0, $1) }
        // Token counts and smoothed mixes per segment.
        func counts(_ r: (Int, Int)) -> [Double] {
            var c = [Double](repeating: 0, count: v)
            for i in r.0..<r.1 { for t in tokens[i] { c[t] += 1 } }
            return c
        }
        func mix(_ c: [Double]) -> [Double] {
            let total = c.reduce(0, +) + 0.5 * Double(v)
            return c.map { ($0 + 0.5) / total }
        }
        let segCounts = segs.map(counts)
        let segMix = segCounts.map(mix)
        // Overlapping phases: each incident may move to the neighbouring segment whose mix explains
        // its tokens best (a segment where two campaigns ran at once gives each its own incidents
        // back); mixes are re-estimated and the moves repeated until nothing changes.
        var owner = [Int](repeating: 0, count: incidents.count)
        for (s, r) in segs.enumerated() { for i in r.0..<r.1 { owner[i] = s } }
        var mixes = segMix
        for _ in 0..<20 {
            var changed = false
            for (s, r) in segs.enumerated() {
                for i in r.0..<r.1 {
                    var best = owner[i], bestLL = -Double.infinity
                    for c in max(0, s - 1)...min(segs.count - 1, s + 1) {
                        let l = tokens[i].reduce(0) { $0 + log(mixes[c][$1]) }
                        if l > bestLL + 1e-9 || (abs(l - bestLL) <= 1e-9 && c == s) { best = c; bestLL = l }
                    }
                    if best != owner[i] { owner[i] = best; changed = true }
                }
            }
            if !changed { break }
            var c = [[Double]](repeating: [Double](repeating: 0, count: v), count: segs.count)
            for i in incidents.indices { for t in tokens[i] { c[owner[i]][t] += 1 } }
            mixes = c.map(mix)
        }
        var phaseMembers: [[Int]] = []
        var segments: [Segment] = []
        for (s, r) in segs.enumerated() {
            let members = incidents.indices.filter { owner[$0] == s }
            segments.append(Segment(start: incidents[r.0].date, end: incidents[r.1 - 1].date, incidents: r.1 - r.0,
                                    kept: members.count))
            if members.count >= minSegment || (members.count > 0 && segs.count == 1) { phaseMembers.append(members) }
        }
        var phases: [Phase] = phaseMembers.enumerated().map { k, members in
            describe(name: phaseName(k), members.map { incidents[$0] }, overlapsWith: [])
        }
        for a in phases.indices {
            for b in phases.indices where a != b && phases[a].start <= phases[b].end && phases[b].start <= phases[a].end {
                phases[a].overlapsWith.append(phases[b].name)
            }
        }
        let boundaries = cuts.map { c in
            Boundary(date: incidents[c.index].date, previousDate: incidents[c.index - 1].date, statistic: c.statistic, pValue: c.p)
        }
        return Result(incidents: incidents.count, boundaries: boundaries, segments: segments, phases: phases, note: nil)
    }

    func phaseName(_ k: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return k < letters.count ? "P" + String(letters[k]) : "P\(k)"
    }

    func phasesWithoutSplit(_ incidents: [Incident], _ tokens: [[Int]], _ names: [String]) -> [Phase] {
        incidents.isEmpty ? [] : [describe(name: phaseName(0), incidents, overlapsWith: [])]
    }

    func describe(name: String, _ members: [Incident], overlapsWith: [String]) -> Phase {
        func top(_ lists: [[String]]) -> [Share] {
            var c: [String: Int] = [:]
            for l in lists { for x in Set(l) { c[x, default: 0] += 1 } }
            return c.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(6).map { Share(token: $0.key, incidents: $0.value) }
        }
        let days = members.map { $0.day }
        return Phase(name: name, start: IncidentTable.formatDay(days.min() ?? 0), end: IncidentTable.formatDay(days.max() ?? 0),
                     incidents: members.count, topSectors: top(members.map { $0.sectors }),
                     topTechniques: top(members.map { $0.techniques }), topMalware: top(members.map { $0.malware }), overlapsWith: overlapsWith)
    }

    /// The split of [lo, hi) with the largest G statistic, only where the day changes and both sides
    /// hold at least `minSegment` incidents. `tokenOffset` is where `tokens` starts in incident order.
    func bestSplit(_ tokens: [[Int]], _ incidents: [Incident], _ lo: Int, _ hi: Int, _ v: Int, tokenOffset: Int = 0) -> (index: Int, statistic: Double)? {
        guard hi - lo >= 2 * minSegment else { return nil }
        var total = [Double](repeating: 0, count: v)
        for i in lo..<hi { for t in tokens[i - tokenOffset] { total[t] += 1 } }
        let totalSum = total.reduce(0, +)
        var left = [Double](repeating: 0, count: v)
        var leftSum = 0.0
        var best: (Int, Double)?
        func xlogx(_ x: Double) -> Double { x > 0 ? x * log(x) : 0 }
        let totalTerm = total.reduce(0) { $0 + xlogx($1) } - xlogx(totalSum)
        for k in (lo + 1)..<hi {
            for t in tokens[k - 1 - tokenOffset] { left[t] += 1; leftSum += 1 }
            guard k - lo >= minSegment, hi - k >= minSegment, incidents[k].day != incidents[k - 1].day else { continue }
            var g = 0.0
            for t in 0..<v { g += xlogx(left[t]) + xlogx(total[t] - left[t]) }
            g -= xlogx(leftSum) + xlogx(totalSum - leftSum)
            g = 2 * (g - totalTerm)
            if best == nil || g > best!.1 { best = (k, g) }
        }
        return best.map { (index: $0.0, statistic: $0.1) }
    }
}
