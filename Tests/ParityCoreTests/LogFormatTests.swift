import Foundation
import Testing
@testable import ParityCore

@Suite("LogFormat")
struct LogFormatTests {
    @Test("grouped puts a comma every three digits", arguments: [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1,000"),
        (50_000, "50,000"),
        (123_456, "123,456"),
        (1_234_567, "1,234,567"),
        (-1, "-1"),
        (-999, "-999"),
        (-1000, "-1,000"),
        (-1_234_567, "-1,234,567"),
        (Int.max, "9,223,372,036,854,775,807"),
        (Int.min, "-9,223,372,036,854,775,808"),
    ])
    func grouped(number: Int, expected: String) {
        #expect(LogFormat.grouped(number) == expected)
    }

    /// 2024-01-05 07:08:09 in the local time zone, as the formats use.
    private var localDate: Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.current
        return calendar.date(from: DateComponents(year: 2024, month: 1, day: 5, hour: 7, minute: 8, second: 9)) ?? Date(timeIntervalSince1970: 0)
    }

    @Test("fileStamp is YYYYMMDD_HHMMSS in local time")
    func fileStamp() {
        #expect(LogFormat.fileStamp(localDate) == "20240105_070809")
        #expect(LogFormat.fileStamp(localDate.addingTimeInterval(0.999)) == "20240105_070809")
    }

    @Test("logStamp is YYYY-MM-DD HH:MM:SS in local time")
    func logStamp() {
        #expect(LogFormat.logStamp(localDate) == "2024-01-05 07:08:09")
    }

    @Test("isoStamp is YYYY-MM-DDTHH:MM:SS without zone")
    func isoStamp() {
        #expect(LogFormat.isoStamp(localDate) == "2024-01-05T07:08:09")
    }
}
