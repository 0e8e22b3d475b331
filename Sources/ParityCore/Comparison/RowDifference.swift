/// How a row differs between source and target.
public enum DifferenceKind: String, Sendable, Codable, CaseIterable {
    /// The key exists in the source only: the sync script INSERTs it.
    case missingInTarget = "missing_in_target"
    /// The key exists in the target only: the sync script DELETEs it.
    case missingInSource = "missing_in_source"
    /// The key exists on both sides with different values: the sync script UPDATEs it.
    case different
}

/// One row that differs, with what the sync script needs to fix it.
public struct RowDifference: Sendable, Equatable, Codable {
    public var kind: DifferenceKind
    /// The key values (key columns in key order).
    public var key: [SQLValue]
    /// The source row (key columns then compared columns), absent when missing in source.
    public var sourceRow: [SQLValue]?
    /// The target row (same layout), absent when missing in target.
    public var targetRow: [SQLValue]?
    /// Names (source spelling) of the compared columns whose values differ; for `different`.
    public var columns: [String]
    /// Whether the key is not unique on the side this row comes from: the sync script then
    /// matches the whole row and changes exactly one copy.
    public var duplicateKey: Bool

    public init(kind: DifferenceKind, key: [SQLValue], sourceRow: [SQLValue]?, targetRow: [SQLValue]?,
                columns: [String] = [], duplicateKey: Bool = false) {
        self.kind = kind
        self.key = key
        self.sourceRow = sourceRow
        self.targetRow = targetRow
        self.columns = columns
        self.duplicateKey = duplicateKey
    }
}

/// Counts of one chunk, one table or one session.
public struct DifferenceCounts: Sendable, Equatable, Codable {
    public var matching: Int = 0
    public var missingInTarget: Int = 0
    public var missingInSource: Int = 0
    public var different: Int = 0
    /// Rows found different at first that came into line when read again (`recheck`): rows a
    /// replication was still carrying. They are not differences and are not in the sync script.
    public var inFlight: Int = 0

    public init(matching: Int = 0, missingInTarget: Int = 0, missingInSource: Int = 0, different: Int = 0, inFlight: Int = 0) {
        self.matching = matching
        self.missingInTarget = missingInTarget
        self.missingInSource = missingInSource
        self.different = different
        self.inFlight = inFlight
    }

    enum CodingKeys: String, CodingKey {
        case matching, missingInTarget, missingInSource, different, inFlight
    }

    /// Decodes counts; `inFlight` may be absent (counts written before recheck existed).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        matching = try container.decode(Int.self, forKey: .matching)
        missingInTarget = try container.decode(Int.self, forKey: .missingInTarget)
        missingInSource = try container.decode(Int.self, forKey: .missingInSource)
        different = try container.decode(Int.self, forKey: .different)
        inFlight = try container.decodeIfPresent(Int.self, forKey: .inFlight) ?? 0
    }

    /// Rows that are not matching.
    public var totalDifferences: Int { missingInTarget + missingInSource + different }

    public static func + (lhs: DifferenceCounts, rhs: DifferenceCounts) -> DifferenceCounts {
        DifferenceCounts(matching: lhs.matching + rhs.matching, missingInTarget: lhs.missingInTarget + rhs.missingInTarget,
                         missingInSource: lhs.missingInSource + rhs.missingInSource, different: lhs.different + rhs.different,
                         inFlight: lhs.inFlight + rhs.inFlight)
    }

    mutating func count(_ kind: DifferenceKind) {
        switch kind {
        case .missingInTarget: missingInTarget += 1
        case .missingInSource: missingInSource += 1
        case .different: different += 1
        }
    }
}

/// A row missing in the target whose key equals, under the target's collation or case rules,
/// a key the target already holds in another spelling (`'Ｋ'` and `'K'` under MariaDB's
/// `utf8mb4_unicode_ci`), or the key of another row missing in the target whose INSERT comes
/// first in the sync script (`'a'` and `'A'`, both missing): inserting it would fail on the
/// unique key, or match the other row. The sync script comments its INSERT out, and the summary
/// lists it.
public struct KeyCollision: Sendable, Equatable {
    /// The source row's key (missing in the target, byte for byte).
    public var key: [SQLValue]
    /// The key that equals it under the target's rules: one the target holds, or (when
    /// ``withMissingRow``) one the sync script inserts first.
    public var existingKey: [SQLValue]
    /// Whether ``existingKey`` is another row missing in the target (inserted by the script)
    /// rather than a row the target holds.
    public var withMissingRow: Bool

    public init(key: [SQLValue], existingKey: [SQLValue], withMissingRow: Bool = false) {
        self.key = key
        self.existingKey = existingKey
        self.withMissingRow = withMissingRow
    }

    /// `'A' collides with target key 'a'` or `'A' collides with 'a', also missing in the
    /// target (inserted first)`.
    public var description: String {
        let key = SyncScriptWriter.describe(self.key)
        let other = SyncScriptWriter.describe(existingKey)
        if withMissingRow { return "\(key) collides with \(other), also missing in the target (inserted first)" }
        if self.key == existingKey { return "\(key) collides with target key \(other), a row the where filter leaves out" }
        return "\(key) collides with target key \(other)"
    }
}
