public enum ParityVersion { public static let current = "0.1.0" }
