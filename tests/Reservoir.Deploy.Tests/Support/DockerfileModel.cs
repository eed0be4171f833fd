using System.Text.RegularExpressions;

namespace Reservoir.Deploy.Tests.Support;

/// <summary>
/// The instructions of a Dockerfile, stage by stage (continuation lines joined, comments dropped): enough to
/// check its invariants and to replay its build stage's RUN lines outside Docker.
/// </summary>
internal sealed partial class DockerfileModel
{
    public sealed record Instruction(string Keyword, string Arguments);

    public sealed record Stage(string From, string? Name, List<Instruction> Instructions)
    {
        public IEnumerable<string> All(string keyword) =>
            Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

        /// <summary>Build arguments declared in this stage with their defaults ("" when none).</summary>
        public Dictionary<string, string> Args() => All("ARG").Select(a => a.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "");
    }

    public required string Path { get; init; }
    public required List<Stage> Stages { get; init; }

    public Stage Final => Stages[^1];
    public Stage Build => Stages.Single(s => s.Name == "build");

    public static DockerfileModel Load(string path)
    {
        var logical = new List<string>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.TrimEnd();
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)) continue;
            if (line.EndsWith('\\')) { pending += line[..^1] + " "; continue; }
            logical.Add((pending + line).Trim());
            pending = "";
        }
        var stages = new List<Stage>();
        foreach (var line in logical)
        {
            var match = InstructionPattern().Match(line);
            if (!match.Success) throw new FormatException($"{path}: cannot read instruction '{line}'");
            var (keyword, arguments) = (match.Groups[1].Value.ToUpperInvariant(), match.Groups[2].Value.Trim());
            if (keyword == "FROM")
            {
                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stages.Add(new Stage(parts[0], parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null, []));
            }
            else if (stages.Count == 0) { if (keyword != "ARG") throw new FormatException($"{path}: {keyword} before FROM"); }
            else stages[^1].Instructions.Add(new Instruction(keyword, arguments));
        }
        return new DockerfileModel { Path = path, Stages = stages };
    }

    [GeneratedRegex(@"^([A-Za-z]+)\s+(.*)$")]
    private static partial Regex InstructionPattern();
}
