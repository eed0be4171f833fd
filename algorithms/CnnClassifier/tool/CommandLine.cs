using System.Globalization;

namespace Reservoir.Algorithms.CnnClassifier.Tool;

/// <summary><c>--name value</c> options of one command; unknown names and bad numbers are errors naming the option.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public CommandLine(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            _values[args[i][2..]] = args[++i];
        }
    }

    public string Text(string name, string fallback) { _used.Add(name); return _values.GetValueOrDefault(name, fallback); }

    public int Int(string name, int fallback) => _values.ContainsKey(name)
        ? int.TryParse(Text(name, ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"--{name}: '{_values[name]}' is not an integer")
        : Use(name, fallback);

    /// <summary>Throws when an option was given that the command does not know.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
    }

    private int Use(string name, int fallback) { _used.Add(name); return fallback; }
}
