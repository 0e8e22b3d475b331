// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Parity",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "parity", targets: ["parity"]),
        .library(name: "ParityCore", targets: ["ParityCore"]),
        .library(name: "ParitySQLite", targets: ["ParitySQLite"]),
        .library(name: "ParityPostgres", targets: ["ParityPostgres"]),
        .library(name: "ParityODBC", targets: ["ParityODBC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // TLS for PostgreSQL (sslmode); postgres-nio itself resolves swift-nio-ssl from 2.25.0.
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        .target(
            name: "ParityCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ParitySQLite",
            dependencies: [
                "ParityCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ParityPostgres",
            dependencies: [
                "ParityCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(
            name: "CODBC",
            pkgConfig: "odbc",
            providers: [.apt(["unixodbc-dev"])]
        ),
        .target(
            name: "ParityODBC",
            dependencies: [
                "ParityCore", "CODBC",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ParityCLI",
            dependencies: [
                "ParityCore", "ParitySQLite", "ParityPostgres", "ParityODBC",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "parity",
            dependencies: ["ParityCLI"]
        ),
        .testTarget(
            name: "ParityCoreTests",
            dependencies: ["ParityCore"]
        ),
        .testTarget(
            name: "ParityCLITests",
            dependencies: ["ParityCLI", "ParityCore", "ParityPostgres", "ParityODBC"]
        ),
        .testTarget(
            name: "ParityIntegrationTests",
            dependencies: ["ParityCore", "ParitySQLite", "ParityPostgres", "ParityODBC", "ParityCLI", "parity",
                           .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
