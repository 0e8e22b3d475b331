import Foundation
import GRDB

/// Builds the demo's SQLite source and target: EMPLOYEES, CUSTOMERS and ORDERS as in the
/// walkthrough, and a target with drift of every kind (missing, extra and changed rows; NULLs;
/// quotes and `&`; non-ASCII; dates, timestamps, decimals).
public struct DemoDatabases {
    /// Rows per table at scale 1: EMPLOYEES 50,000, CUSTOMERS 80,000, ORDERS 200,000.
    public static let baseRows = [("EMPLOYEES", 50_000), ("CUSTOMERS", 80_000), ("ORDERS", 200_000)]

    /// Multiplies the row counts; 1.0 is the walkthrough's size.
    public var scale: Double

    public init(scale: Double = 1.0) {
        self.scale = scale
    }

    /// What drift was put into the target of one table.
    public struct Drift: Equatable, Sendable {
        public var missingInTarget = 0
        public var missingInSource = 0
        public var different = 0
    }

    static let schema = [
        "EMPLOYEES": """
            CREATE TABLE "EMPLOYEES" ("EMPLOYEE_ID" INTEGER PRIMARY KEY, "FIRST_NAME" TEXT, "LAST_NAME" TEXT,
            "EMAIL" TEXT, "HIRE_DATE" DATE, "SALARY" DECIMAL(10,2), "DEPARTMENT" TEXT, "MANAGER_ID" INTEGER)
            """,
        "CUSTOMERS": """
            CREATE TABLE "CUSTOMERS" ("CUSTOMER_ID" INTEGER PRIMARY KEY, "NAME" TEXT, "CITY" TEXT, "COUNTRY" TEXT,
            "CREATED_AT" TIMESTAMP, "CREDIT_LIMIT" DECIMAL(12,2), "NOTES" TEXT)
            """,
        "ORDERS": """
            CREATE TABLE "ORDERS" ("ORDER_ID" INTEGER PRIMARY KEY, "CUSTOMER_ID" INTEGER, "ORDER_DATE" DATE,
            "AMOUNT" DECIMAL(12,2), "STATUS" TEXT, "SHIPPED_AT" TIMESTAMP, "COMMENT" TEXT)
            """,
    ]

    static let firstNames = ["Anna", "José", "Zoë", "Łukasz", "Siobhán", "Mei", "Ólafur", "Renée", "Dmitri", "Aiko", "Bob", "Chloé"]
    static let lastNames = ["O'Brien", "Müller", "Ngũgĩ", "García", "Smith & Sons", "Østergaard", "D'Angelo", "Nakamura", "Brown", "Šimić"]
    static let cities = [("Kraków", "PL"), ("São Paulo", "BR"), ("Zürich", "CH"), ("東京", "JP"), ("Reykjavík", "IS"), ("New York", "US"), ("Köln", "DE")]
    static let departments = ["R&D", "Sales", "Finance", "Ops", "HR", "Legal"]
    static let statuses = ["NEW", "PAID", "SHIPPED", "CANCELLED", "RETURNED"]

    /// Creates `source` and `target` (both must not exist) and returns the drift per table.
    public func build(source: String, target: String) throws -> [String: Drift] {
        let sourceQueue = try DatabaseQueue(path: source)
        let targetQueue = try DatabaseQueue(path: target)
        var drifts: [String: Drift] = [:]
        for (table, base) in Self.baseRows {
            let count = max(10, Int((Double(base) * scale).rounded()))
            var random = SplitMix64(seed: UInt64(base))
            let rows = (1...count).map { Self.row(table: table, id: $0, random: &random) }
            try sourceQueue.write { db in
                try db.execute(sql: Self.schema[table] ?? "")
                try Self.insert(rows, table: table, db: db)
            }
            var targetRows: [[DatabaseValue]] = []
            var drift = Drift()
            for row in rows {
                let roll = random.next() % 1000
                if roll < 2 { drift.missingInTarget += 1; continue }
                if roll < 6 {
                    drift.different += 1
                    targetRows.append(Self.change(row, random: &random))
                    continue
                }
                targetRows.append(row)
            }
            // Rows only in the target: inside the key range, below it and above it.
            let extraIDs = [-5, 0] + (0..<max(1, count / 5000)).map { count + 10 + $0 * 7 }
            for id in extraIDs {
                var extra = Self.row(table: table, id: id, random: &random)
                extra[0] = id.databaseValue
                targetRows.append(extra)
                drift.missingInSource += 1
            }
            try targetQueue.write { db in
                try db.execute(sql: Self.schema[table] ?? "")
                try Self.insert(targetRows, table: table, db: db)
            }
            drifts[table] = drift
        }
        try sourceQueue.close()
        try targetQueue.close()
        return drifts
    }

    static func insert(_ rows: [[DatabaseValue]], table: String, db: Database) throws {
        guard let width = rows.first?.count else { return }
        let statement = try db.makeStatement(sql: "INSERT INTO \"\(table)\" VALUES (\(Array(repeating: "?", count: width).joined(separator: ", ")))")
        for row in rows { try statement.execute(arguments: StatementArguments(row)) }
    }

    static func row(table: String, id: Int, random: inout SplitMix64) -> [DatabaseValue] {
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        func money(_ limit: UInt64) -> String {
            let cents = random.next() % limit
            return "\(cents / 100).\(String(format: "%02d", Int(cents % 100)))"
        }
        func date(_ year: Int) -> String {
            String(format: "%04d-%02d-%02d", year + Int(random.next() % 10), 1 + Int(random.next() % 12), 1 + Int(random.next() % 28))
        }
        func timestamp() -> String {
            date(2015) + String(format: " %02d:%02d:%02d.%06d", Int(random.next() % 24), Int(random.next() % 60), Int(random.next() % 60), Int(random.next() % 1_000_000))
        }
        let maybeNull = random.next() % 10 == 0
        switch table {
        case "EMPLOYEES":
            let first = pick(firstNames), last = pick(lastNames)
            return [id.databaseValue, first.databaseValue, last.databaseValue,
                    maybeNull ? .null : "\(first.lowercased()).\(id)@example.com".databaseValue,
                    date(2000).databaseValue, money(20_000_000).databaseValue, pick(departments).databaseValue,
                    id % 50 == 1 ? .null : (1 + (id / 50) * 50).databaseValue]
        case "CUSTOMERS":
            let (city, country) = pick(cities)
            return [id.databaseValue, "\(pick(lastNames)) \(pick(["Ltd", "GmbH", "S.A.", "& Co", "株式会社"]))".databaseValue,
                    city.databaseValue, country.databaseValue, timestamp().databaseValue,
                    maybeNull ? .null : money(100_000_000).databaseValue,
                    random.next() % 3 == 0 ? "Prefers \"email\"; won't call after 5pm & weekends".databaseValue : .null]
        default:
            return [id.databaseValue, Int(1 + random.next() % 80_000).databaseValue, date(2018).databaseValue,
                    money(10_000_000).databaseValue, pick(statuses).databaseValue,
                    maybeNull ? .null : timestamp().databaseValue,
                    random.next() % 4 == 0 ? "Gift wrap – ‘fragile’ ✓".databaseValue : .null]
        }
    }

    /// Changes one or two non-key columns: to NULL, from NULL, or to another value.
    static func change(_ row: [DatabaseValue], random: inout SplitMix64) -> [DatabaseValue] {
        var changed = row
        let column = 1 + Int(random.next() % UInt64(row.count - 1))
        switch changed[column].storage {
        case .null: changed[column] = "n/a".databaseValue
        case .string(let text) where Double(text) != nil:
            changed[column] = String(format: "%.2f", (Double(text) ?? 0) + 1).databaseValue
        case .string(let text):
            switch random.next() % 4 {
            case 0: changed[column] = row[column] == "".databaseValue ? "x".databaseValue : .null
            case 1: changed[column] = (text + " ").databaseValue
            case 2: changed[column] = text.uppercased() == text ? (text + "é").databaseValue : text.uppercased().databaseValue
            default: changed[column] = ("O'" + text + " & Co").databaseValue
            }
        case .int64(let number): changed[column] = (number + 1).databaseValue
        case .double(let number): changed[column] = (number + 0.01).databaseValue
        case .blob: changed[column] = .null
        }
        if changed == row { changed[column] = .null }
        if changed == row { changed[column] = "changed".databaseValue }
        return changed
    }
}

/// A small, fast, seedable random number generator (SplitMix64), so the demo is repeatable.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
