using System.Runtime.CompilerServices;

// The local mode's pieces (input discovery, progress parsing) are tested directly.
[assembly: InternalsVisibleTo("Reservoir.Cli.Tests")]
