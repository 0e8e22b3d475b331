/// The parts of a date, timestamp or instant written `YYYY-MM-DD[ HH:MM:SS[.f…]][offset]`,
/// the offset normalised to `+HH:MM` (`Z` and `+00` are `+00:00`).
struct TemporalText {
    var date: String
    var time: String?
    var fraction: String?
    var offset: String?

    init?(_ text: String) {
        let characters = Array(text)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= characters.count && range.allSatisfy { characters[$0].isASCII && characters[$0].isNumber }
        }
        guard digits(0..<4), characters.count >= 10, characters[4] == "-", digits(5..<7), characters[7] == "-", digits(8..<10) else { return nil }
        date = String(characters[0..<10])
        var index = 10
        if index < characters.count, characters[index] == " " || characters[index] == "T" {
            guard digits(index + 1..<index + 3), characters.count > index + 8, characters[index + 3] == ":",
                  digits(index + 4..<index + 6), characters[index + 6] == ":", digits(index + 7..<index + 9) else { return nil }
            time = String(characters[index + 1..<index + 9])
            index += 9
            if index < characters.count, characters[index] == "." {
                var end = index + 1
                while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
                guard end > index + 1, end - index - 1 <= 9 else { return nil }
                fraction = String(characters[index + 1..<end])
                index = end
            }
        }
        if index < characters.count {
            var zone = String(characters[index...])
            if zone.hasPrefix(" ") { zone.removeFirst() }
            if zone == "Z" { zone = "+00:00" }
            let zoneCharacters = Array(zone)
            guard let sign = zoneCharacters.first, sign == "+" || sign == "-" else { return nil }
            let body = zoneCharacters.dropFirst()
            guard body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":") }) else { return nil }
            let numbers = body.filter { $0 != ":" }
            switch numbers.count {
            case 2: offset = String(sign) + String(numbers) + ":00"
            case 4: offset = String(sign) + String(numbers.prefix(2)) + ":" + String(numbers.suffix(2))
            default: return nil
            }
        }
    }
}

extension TemporalText {
    /// The date, time and fraction without the offset: `2022-01-29 23:00:00.5`.
    var withoutOffset: String {
        var text = date
        if let time { text += " " + time }
        if let fraction { text += "." + fraction }
        return text
    }
}
