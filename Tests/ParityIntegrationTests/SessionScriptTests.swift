import Foundation
import Testing

/// `parity sessions script ID --dialect …` writes a finished session's sync script again, from
/// the state store, in any dialect: how Oracle and SQL Server scripts are produced from
/// comparisons run on the engines this machine has.
@Suite struct SessionScriptTests {
    @Test("case 15 compared on PostgreSQL, written again for Oracle, SQL Server and MySQL")
    func regeneratesInOtherDialects() async throws {
        try await Workspace.with("session-script") { workspace in
            let source = try await workspace.database(.postgresql, "script_src")
            let target = try await workspace.database(.postgresql, "script_tgt")
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(40))")
            }
            try await source.execute("INSERT INTO t VALUES (1, 'O''Brien & Sons'), (2, 'R&D'), (3, 'a''a')")
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let comparison = try await workspace.compare(configuration)
            #expect(comparison.run.status == 1)
            let session = comparison.report.sessionId

            let expected: [(dialect: String, lines: [String])] = [
                ("oracle", [
                    "SET DEFINE OFF",
                    "WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK",
                    #"INSERT INTO "public"."t" ("id", "name") VALUES (1, 'O''Brien & Sons');"#,
                    #"INSERT INTO "public"."t" ("id", "name") VALUES (2, 'R&D');"#,
                    #"INSERT INTO "public"."t" ("id", "name") VALUES (3, 'a''a');"#,
                    "COMMIT;",
                ]),
                ("sqlserver", [
                    #"INSERT INTO [public].[t] ([id], [name]) VALUES (1, N'O''Brien & Sons');"#,
                    #"INSERT INTO [public].[t] ([id], [name]) VALUES (2, N'R&D');"#,
                    #"INSERT INTO [public].[t] ([id], [name]) VALUES (3, N'a''a');"#,
                ]),
                // SQLite has no schema of PostgreSQL's: the names are not qualified.
                ("sqlite", [
                    #"INSERT INTO "t" ("id", "name") VALUES (1, 'O''Brien & Sons');"#,
                    #"INSERT INTO "t" ("id", "name") VALUES (2, 'R&D');"#,
                    #"INSERT INTO "t" ("id", "name") VALUES (3, 'a''a');"#,
                ]),
                ("mysql", [
                    "INSERT INTO `public`.`t` (`id`, `name`) VALUES (1, 'O''Brien & Sons');",
                    "INSERT INTO `public`.`t` (`id`, `name`) VALUES (2, 'R&D');",
                    "INSERT INTO `public`.`t` (`id`, `name`) VALUES (3, 'a''a');",
                ]),
            ]
            for (dialect, lines) in expected {
                let run = try await workspace.parity(["sessions", "script", session, "--dialect", dialect, "--state-dir", "state", "--output-dir", "scripts-\(dialect)"])
                #expect(run.status == 0, "\(run.transcript)")
                let files = try FileManager.default.contentsOfDirectory(atPath: workspace.url("scripts-\(dialect)").path)
                #expect(files.count == 1)
                let name = try #require(files.first)
                #expect(name.hasPrefix("sync_target_t_") && name.hasSuffix(".\(dialect).sql"), "\(name)")
                let text = try String(contentsOf: workspace.url("scripts-\(dialect)/\(name)"), encoding: .utf8)
                let body = SyncScript.statements(text)
                for line in lines {
                    #expect(body.contains(line), "\(dialect) script lacks \(line):\n\(text)")
                }
                #expect(body.filter(SyncScript.isChange).count == 3, "\(text)")
            }

            // --commit-every: a COMMIT after every second statement of an Oracle script, and at the end.
            let every = try await workspace.parity(["sessions", "script", session, "--dialect", "oracle", "--commit-every", "2",
                                                    "--state-dir", "state", "--output-dir", "scripts-oracle-2"])
            #expect(every.status == 0, "\(every.transcript)")
            let everyName = try #require(try FileManager.default.contentsOfDirectory(atPath: workspace.url("scripts-oracle-2").path).first)
            let everyBody = SyncScript.statements(try String(contentsOf: workspace.url("scripts-oracle-2/\(everyName)"), encoding: .utf8))
            #expect(everyBody.filter { SyncScript.isChange($0) || $0 == "COMMIT;" } == [
                #"INSERT INTO "public"."t" ("id", "name") VALUES (1, 'O''Brien & Sons');"#,
                #"INSERT INTO "public"."t" ("id", "name") VALUES (2, 'R&D');"#,
                "COMMIT;",
                #"INSERT INTO "public"."t" ("id", "name") VALUES (3, 'a''a');"#,
                "COMMIT;",
            ])

            // The SQLite script runs as it is on a SQLite copy of the target.
            let copy = try await workspace.database(.sqlite, "script_copy")
            try await copy.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(40))")
            let sqliteName = try #require(try FileManager.default.contentsOfDirectory(atPath: workspace.url("scripts-sqlite").path).first)
            try await copy.apply(script: workspace.url("scripts-sqlite/\(sqliteName)"))
            #expect(try await copy.strings("SELECT id, name FROM t ORDER BY id") == [["1", "O'Brien & Sons"], ["2", "R&D"], ["3", "a'a"]])

            // --target-schema names the schema the script writes: another one, or none.
            for (schema, table) in [("APP", #""APP"."t""#), ("", #""t""#)] {
                let directory = "scripts-schema-\(schema.isEmpty ? "none" : schema)"
                let run = try await workspace.parity(["sessions", "script", session, "--dialect", "oracle", "--target-schema", schema,
                                                      "--state-dir", "state", "--output-dir", directory])
                #expect(run.status == 0, "\(run.transcript)")
                let name = try #require(try FileManager.default.contentsOfDirectory(atPath: workspace.url(directory).path).first)
                let body = SyncScript.statements(try String(contentsOf: workspace.url("\(directory)/\(name)"), encoding: .utf8))
                #expect(body.filter(SyncScript.isChange).first == #"INSERT INTO \#(table) ("id", "name") VALUES (1, 'O''Brien & Sons');"#)
            }

            // The target's own dialect is the default, and the script equals the one compare wrote.
            let again = try await workspace.parity(["sessions", "script", session, "--state-dir", "state", "--output-dir", "scripts-default"])
            #expect(again.status == 0, "\(again.transcript)")
            let defaultName = try #require(try FileManager.default.contentsOfDirectory(atPath: workspace.url("scripts-default").path).first)
            let regenerated = SyncScript.statements(try String(contentsOf: workspace.url("scripts-default/\(defaultName)"), encoding: .utf8))
            let table = try #require(comparison.report.tables.first)
            #expect(regenerated == (try comparison.output.statements(table)))
        }
    }
}
