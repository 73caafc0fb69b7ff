import Foundation
import KagamiCore
@testable import KagamiIntel

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let timingCorpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/timing")
let holidayDirectory = packageRoot.appendingPathComponent("Data/holidays").path
let outsideData = packageRoot.appendingPathComponent("Tests/KagamiIntelTests/Data")

/// The shipped calendars and a model over them, made once.
let shippedCalendars: [HolidayCalendar] = (try? HolidayCalendar.loadAll(directory: holidayDirectory)) ?? []
let shippedTurnovers: DayTurnovers = (try? DayTurnovers.parse(String(decoding: FileManager.default.contents(atPath: packageRoot.appendingPathComponent("Data/day-starts.tsv").path) ?? Data(), as: UTF8.self))) ?? DayTurnovers(entries: [])
let sharedModel = PatternOfLife(calendars: shippedCalendars, turnovers: shippedTurnovers)

/// Each timing-corpus repository's events per local quarter hour (its true offset), as the
/// generator of `Data/day-starts.tsv` counts them.
func corpusRepositoryQuarters() throws -> [String: [Int32]] {
    var quarters: [String: [Int32]] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: timingCorpus.path) where name.hasPrefix("commits_") && name.hasSuffix(".csv") {
        let text = try String(contentsOf: timingCorpus.appendingPathComponent(name), encoding: .utf8)
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            guard f.count == 5, let epoch = Int64(f[1]), let offset = TimingBenchmark.parseOffset(String(f[2])) else { continue }
            quarters[String(f[4]), default: [Int32](repeating: 0, count: 96)][DayTurnovers.quarter(epoch, offset: offset)] += 1
        }
    }
    return quarters
}

func day(_ iso: String) -> Int { Int(Timestamp.parse(iso + "T00:00:00Z")! / 86_400_000_000) }

/// Synthetic operators: working days of `calendar` (its weekend, holidays and make-up days), local
/// hours drawn from `hours` (weights per local hour), `offset` seconds east of UTC, `perDay` events
/// on a working day on average, `restShare` of that on rest days. Deterministic by seed.
func syntheticActivity(calendar: HolidayCalendar?, rule: WeekendRule = .saturdaySunday, offset: Int, from: String, days: Int,
                       perDay: Double, restShare: Double = 0.05, hours: [Double], seed: UInt64) -> [Int64] {
    var rng = SplitMix64(seed: seed)
    func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
    let total = hours.reduce(0, +)
    var out: [Int64] = []
    let start = day(from)
    for d in start..<(start + days) {
        let kind = calendar?.kind(day: d) ?? rule.kind(weekday: HolidayCalendar.weekday(d))
        let rate = kind == .work ? perDay : kind == .half ? perDay / 2 : perDay * restShare
        // Poisson count by inversion.
        var k = 0, p = exp(-rate), s = p
        let u = uniform()
        while u > s, k < 100 { k += 1; p *= rate / Double(k); s += p }
        for _ in 0..<k {
            var r = uniform() * total, h = 0
            while h < 23, r > hours[h] { r -= hours[h]; h += 1 }
            let local = Int64(d) * 86_400 + Int64(h) * 3600 + Int64(uniform() * 3600)
            out.append(local - Int64(offset))
        }
    }
    return out.sorted()
}

/// Office hours with a two-hour lunch break (PwC's APT10 pattern), in local hours.
let officeWithLunch: [Double] = (0..<24).map { h in
    switch h {
    case 9...11, 14...17: return 10
    case 12, 13: return 1
    case 19...21: return 3
    default: return 0.2
    }
}

/// A late worker: most activity from 14:00 to 02:00.
let lateWorker: [Double] = (0..<24).map { h in (14...23).contains(h) || h < 2 ? 10 : 0.5 }
