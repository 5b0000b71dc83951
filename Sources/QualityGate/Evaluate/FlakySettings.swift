/// `history.flaky`: when a test counts as flaky over time.
public struct FlakySettings: Sendable, Hashable {
    /// Base-branch runs whose outcomes are compared.
    public var window = 20
    /// A test whose outcome flips at least `minFlips` times in the window, at this rate of
    /// flips per pair of consecutive runs or more, is flaky.
    public var maxFlipRate = 0.1
    public var minFlips = 3

    public init() {}
}
