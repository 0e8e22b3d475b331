extension SyncScriptWriter {
    /// Writes a table's whole sync script to a new file, streaming its differences from the
    /// state store (see ``OutputFile/writeNew(named:in:_:)``: never over another file).
    ///
    /// - Parameters:
    ///   - counts: the table's counts, stated in the header.
    ///   - targetDisplayName: the target as the header names it (never with a password).
    /// - Throws: ``ParityError`` `.output` or `.state`.
    public func writeFile(named name: String, in directory: String, store: any StateStore, session: String, table: String,
                          counts: DifferenceCounts, targetDisplayName: String) throws {
        let header = [
            "Parity sync script for \(table): makes the target equal to the source.",
            "Target: \(targetDisplayName) table \((mapping.target.schema.map { $0 + "." } ?? "") + mapping.target.name) (\(dialect.name))",
            "Missing in target (INSERT): \(counts.missingInTarget); different (UPDATE): \(counts.different); missing in source (DELETE): \(counts.missingInSource)",
        ] + (collisions.isEmpty ? [] : ["Key collisions (INSERT commented out, see COLLISION below): \(collisions.count)"])
        try OutputFile.writeNew(named: name, in: directory) { output in
            try writeScript(header: header, differences: { kind, body in
                try store.forEachDifference(session: session, table: table, kind: kind, body)
            }, line: { try output.line($0) })
        }
    }
}
