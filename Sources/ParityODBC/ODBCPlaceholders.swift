import ParityCore

/// Rewrites PostgreSQL's numbered placeholders (`$1`, `$2`, as ``PostgreSQLDialect`` writes
/// them) into ODBC's `?` markers, which psqlODBC requires, reordering the bound values to the
/// order the markers appear in.
///
/// For example `WHERE "id" > $1::int8 AND "id" <= $2::int8 OR "id" = $1::int8` with binds
/// `[10, 20]` becomes `WHERE "id" > ?::int8 AND "id" <= ?::int8 OR "id" = ?::int8` with
/// `[10, 20, 10]`. Text in quotes (`'…'`, `E'…'`, `"…"`, dollar-quoted `$tag$…$tag$`) and comments
/// is left as it is.
enum ODBCPlaceholders {
    static func rewrite(_ statement: SQLStatement) -> SQLStatement {
        let sql = Array(statement.sql.unicodeScalars)
        guard sql.contains("$") else { return statement }
        var output = String.UnicodeScalarView()
        var binds: [SQLValue] = []
        var index = 0
        func isIdentifier(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_" || scalar == "$"
        }
        /// Copies up to and including the closing `quote` (doubled quotes stay inside).
        func copyQuoted(_ quote: Unicode.Scalar, backslashEscapes: Bool) {
            output.append(sql[index])
            index += 1
            while index < sql.count {
                let scalar = sql[index]
                output.append(scalar)
                index += 1
                if backslashEscapes && scalar == "\\" && index < sql.count {
                    output.append(sql[index])
                    index += 1
                } else if scalar == quote {
                    if index < sql.count && sql[index] == quote {
                        output.append(sql[index])
                        index += 1
                    } else {
                        return
                    }
                }
            }
        }
        while index < sql.count {
            let scalar = sql[index]
            let previous: Unicode.Scalar? = index > 0 ? sql[index - 1] : nil
            switch scalar {
            case "'":
                let escaped = (previous == "E" || previous == "e") && (index < 2 || !isIdentifier(sql[index - 2]))
                copyQuoted("'", backslashEscapes: escaped)
            case "\"":
                copyQuoted("\"", backslashEscapes: false)
            case "-" where index + 1 < sql.count && sql[index + 1] == "-":
                while index < sql.count && sql[index] != "\n" { output.append(sql[index]); index += 1 }
            case "/" where index + 1 < sql.count && sql[index + 1] == "*":
                var depth = 0
                repeat {
                    if sql[index] == "/" && index + 1 < sql.count && sql[index + 1] == "*" {
                        depth += 1
                        output.append(sql[index]); output.append(sql[index + 1]); index += 2
                    } else if sql[index] == "*" && index + 1 < sql.count && sql[index + 1] == "/" {
                        depth -= 1
                        output.append(sql[index]); output.append(sql[index + 1]); index += 2
                    } else {
                        output.append(sql[index]); index += 1
                    }
                } while depth > 0 && index < sql.count
            case "$" where previous.map { !isIdentifier($0) } ?? true:
                var end = index + 1
                while end < sql.count, let digit = sql[end].properties.numericType, digit == .decimal, sql[end].isASCII { end += 1 }
                if end > index + 1, let number = Int(String(String.UnicodeScalarView(sql[(index + 1)..<end]))),
                   number >= 1, number <= statement.binds.count {
                    output.append("?")
                    binds.append(statement.binds[number - 1])
                    index = end
                    continue
                }
                // A dollar quote: `$$…$$` or `$tag$…$tag$`.
                var tagEnd = index + 1
                while tagEnd < sql.count, sql[tagEnd] != "$", isIdentifier(sql[tagEnd]) { tagEnd += 1 }
                guard tagEnd < sql.count, sql[tagEnd] == "$" else {
                    output.append(scalar)
                    index += 1
                    continue
                }
                let tag = Array(sql[index...tagEnd])
                var close = tagEnd + 1
                while close + tag.count <= sql.count, Array(sql[close..<(close + tag.count)]) != tag { close += 1 }
                let stop = min(sql.count, close + tag.count)
                output.append(contentsOf: sql[index..<stop])
                index = stop
            default:
                output.append(scalar)
                index += 1
            }
        }
        return SQLStatement(String(output), binds: binds)
    }
}
