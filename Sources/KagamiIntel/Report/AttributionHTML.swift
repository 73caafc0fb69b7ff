import KagamiReport

extension AttributionReport {
    public func html() -> String { AttributionPage.render(self) }
}
