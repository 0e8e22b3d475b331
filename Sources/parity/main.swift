import ParityCLI

await ParityCommand.runAndExit()
