import Foundation

/// One line of the store's timeline: a hunt's detection or correlation hit, or a triaged mail, so
/// that the phishing mail and the log detections that followed it read as one story.
public enum TimelineEntry: Sendable {
    case detection(StoredDetection)
    case correlation(StoredCorrelationHit)
    case mail(MailVerdict)

    /// Event time (a detection), first member's time (a correlation hit) or the Date header (a mail),
    /// microseconds since the epoch.
    public var time: Int64? {
        switch self {
        case .detection(let d): d.timestamp
        case .correlation(let h): h.first
        case .mail(let m): m.date
        }
    }
}

extension KagamiStore {
    /// Every reported detection and correlation hit of every run and every triaged mail, by time;
    /// entries without a time come last. At equal times the order is stable: detections as stored,
    /// then correlation hits, then mails.
    public func timeline() throws -> [TimelineEntry] {
        let entries = try detections().map(TimelineEntry.detection) + correlationHits().map(TimelineEntry.correlation)
            + mailVerdicts().map(TimelineEntry.mail)
        return entries.enumerated().sorted { a, b in
            switch (a.element.time, b.element.time) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
