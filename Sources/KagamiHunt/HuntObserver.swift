/// Sees a hunt as it happens, on the calling thread and in input order, before detections are
/// sorted and correlated: what the store needs to write a run batch by batch, so that a run killed
/// midway has kept everything up to its last write.
public protocol HuntObserver: AnyObject {
    /// The input files the hunt opened, in input order, before any is read.
    func huntOpened(_ files: [HuntInputFile])
    /// One work unit's outcome, in input order.
    func huntRead(_ unit: HuntUnitReport)
}

public struct HuntInputFile: Sendable {
    public var path: String
    public var bytes: Int
    /// Work units the file was cut into (0 for an empty file: it is complete at once).
    public var units: Int
}

public struct HuntUnitReport: Sendable {
    /// Position of the unit's file in `huntOpened`'s list.
    public var file: Int
    public var unit: Int
    /// The file's last unit: after it, all of the file's detections have been reported.
    public var endsFile: Bool
    /// In the order the matcher found them.
    public var detections: [Detection]
    public var events: Int
    public var bytes: Int
    public var errors: Int
}
