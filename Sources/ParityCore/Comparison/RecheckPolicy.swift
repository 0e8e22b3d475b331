/// How rows found different in a chunk are read again before they are reported (`recheck:`),
/// so that rows a live replication was still carrying ("in flight") are not reported.
///
/// The rows of every difference of a chunk (missing in target, missing in source, different) are
/// read again by key from both sides ``after`` seconds after the chunk's rows were read, and
/// compared again, up to ``attempts`` times; rows that came into line are counted as in flight
/// (resolved), the others stay differences.
public struct RecheckPolicy: Sendable, Equatable {
    /// Seconds from the chunk's read to each re-read (fractions allowed), 0–3600.
    public var after: Double
    /// Re-reads at most, 1–100.
    public var attempts: Int

    public init(after: Double, attempts: Int = 1) {
        self.after = after
        self.attempts = attempts
    }
}
