using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Reservoir.Operator.Registry;

/// <summary>Reads one algorithm's entry, adding one line per bad field to the shared problem list.</summary>
internal sealed class AlgorithmEntryReader(string source, string algorithm, List<string> problems)
{
    private static readonly HashSet<string> Fields =
        ["image", "args", "cpu", "memory", "cpuLimit", "gpus", "deadline", "backoffLimit", "concurrency", "params", "nodeSelector", "tolerations"];

    public AlgorithmEntry? Read(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Problem("", "must be a map of fields (image, cpu, memory, …)");
            return null;
        }
        var before = problems.Count;
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var field = (k as YamlScalarNode)?.Value ?? "";
            if (Fields.Contains(field)) fields[field] = v;
            else Problem(field, $"is not a known field (known: {string.Join(", ", Fields)})");
        }

        var image = fields.TryGetValue("image", out var imageNode) ? String(imageNode, "image") : null;
        if (image is null && imageNode is null) Problem("image", "is required");
        else if (image is not null && (image.Length == 0 || image.Any(char.IsWhiteSpace))) Problem("image", $"'{image}' is not an image reference");

        var entry = new AlgorithmEntry { Name = algorithm, Image = image ?? "" };
        if (fields.TryGetValue("args", out var n)) entry = entry with { ExtraArgs = Strings(n, "args") };
        if (fields.TryGetValue("cpu", out n)) entry = entry with { Cpu = Quantity(n, "cpu") ?? entry.Cpu };
        if (fields.TryGetValue("memory", out n)) entry = entry with { Memory = Quantity(n, "memory") ?? entry.Memory };
        if (fields.TryGetValue("cpuLimit", out n)) entry = entry with { CpuLimit = Quantity(n, "cpuLimit") };
        if (fields.TryGetValue("gpus", out n)) entry = entry with { Gpus = Integer(n, "gpus", 0, 64) ?? 0 };
        if (fields.TryGetValue("deadline", out n)) entry = entry with { Deadline = Duration(n, "deadline") ?? entry.Deadline };
        if (fields.TryGetValue("backoffLimit", out n)) entry = entry with { BackoffLimit = Integer(n, "backoffLimit", 0, 100) ?? entry.BackoffLimit };
        if (fields.TryGetValue("concurrency", out n)) entry = entry with { ConcurrencyCap = Integer(n, "concurrency", 1, 1_000_000) };
        if (fields.TryGetValue("params", out n)) entry = entry with { DefaultParams = StringMap(n, "params", ParamKey, _ => true) };
        if (fields.TryGetValue("nodeSelector", out n))
            entry = entry with { NodeSelector = StringMap(n, "nodeSelector", RegistryValues.IsLabelKey, RegistryValues.IsLabelValue) };
        if (fields.TryGetValue("tolerations", out n)) entry = entry with { Tolerations = Tolerations(n) };
        return problems.Count == before ? entry : null;
    }

    private void Problem(string field, string what) =>
        problems.Add($"{source}: {algorithm}{(field.Length > 0 ? "." + field : "")}: {what}");

    private string? String(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: { } value }) return value;
        Problem(field, "must be a single value");
        return null;
    }

    private List<string> Strings(YamlNode node, string field)
    {
        if (node is not YamlSequenceNode list)
        {
            Problem(field, "must be a list of strings");
            return [];
        }
        return list.Children.Select((item, i) => String(item, $"{field}[{i}]") ?? "").ToList();
    }

    private string? Quantity(YamlNode node, string field)
    {
        var text = String(node, field);
        if (text is null) return null;
        if (RegistryValues.IsQuantity(text)) return text;
        Problem(field, $"'{text}' is not a Kubernetes quantity (e.g. 500m, 2, 4Gi)");
        return null;
    }

    private int? Integer(YamlNode node, string field, int min, int max)
    {
        var text = String(node, field);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        Problem(field, $"'{text}' must be a whole number from {min} to {max}");
        return null;
    }

    private TimeSpan? Duration(YamlNode node, string field)
    {
        var text = String(node, field);
        if (text is null) return null;
        if (RegistryValues.ParseDuration(text) is { } d && d >= TimeSpan.FromSeconds(1)) return d;
        Problem(field, $"'{text}' is not a duration of at least 1 s (e.g. 90m, 1h30m, 45s, or whole seconds)");
        return null;
    }

    private Dictionary<string, string> StringMap(YamlNode node, string field, Func<string, bool> validKey, Func<string, bool> validValue)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is not YamlMappingNode map)
        {
            Problem(field, "must be a map of key → value");
            return result;
        }
        foreach (var (k, v) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            if (!validKey(key)) { Problem(field, $"key '{key}' is not valid"); continue; }
            if (String(v, $"{field}.{key}") is not { } value) continue;
            if (validValue(value)) result[key] = value;
            else Problem($"{field}.{key}", $"value '{value}' is not valid");
        }
        return result;
    }

    private static bool ParamKey(string key) =>
        key.Length is > 0 and <= 100 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private List<AlgorithmToleration> Tolerations(YamlNode node)
    {
        if (node is not YamlSequenceNode list)
        {
            Problem("tolerations", "must be a list of tolerations");
            return [];
        }
        return list.Children.Select((item, i) => new TolerationReader(this, $"tolerations[{i}]").Read(item))
            .OfType<AlgorithmToleration>().ToList();
    }

    /// <summary>One core/v1 Toleration: key, operator (Equal | Exists), value, effect, tolerationSeconds.</summary>
    private sealed class TolerationReader(AlgorithmEntryReader owner, string field)
    {
        public AlgorithmToleration? Read(YamlNode node)
        {
            if (node is not YamlMappingNode map)
            {
                owner.Problem(field, "must be a map (key, operator, value, effect, tolerationSeconds)");
                return null;
            }
            string? key = null, op = null, value = null, effect = null;
            long? seconds = null;
            foreach (var (k, v) in map.Children)
            {
                var name = (k as YamlScalarNode)?.Value ?? "";
                var text = owner.String(v, $"{field}.{name}");
                switch (name)
                {
                    case "key": key = text; break;
                    case "operator": op = text; break;
                    case "value": value = text; break;
                    case "effect": effect = text; break;
                    case "tolerationSeconds":
                        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s)) seconds = s;
                        else owner.Problem($"{field}.tolerationSeconds", $"'{text}' must be a whole number of seconds");
                        break;
                    default: owner.Problem($"{field}.{name}", "is not a toleration field (key, operator, value, effect, tolerationSeconds)"); break;
                }
            }
            if (op is not (null or "Equal" or "Exists")) owner.Problem($"{field}.operator", $"'{op}' must be Equal or Exists");
            if (op == "Exists" && !string.IsNullOrEmpty(value)) owner.Problem($"{field}.value", "must be empty when operator is Exists");
            if (string.IsNullOrEmpty(key) && op != "Exists") owner.Problem($"{field}.key", "may be empty only with operator Exists");
            if (!string.IsNullOrEmpty(key) && !RegistryValues.IsLabelKey(key)) owner.Problem($"{field}.key", $"'{key}' is not a valid key");
            if (effect is not (null or "" or "NoSchedule" or "PreferNoSchedule" or "NoExecute"))
                owner.Problem($"{field}.effect", $"'{effect}' must be NoSchedule, PreferNoSchedule or NoExecute");
            if (seconds is not null && effect != "NoExecute") owner.Problem($"{field}.tolerationSeconds", "applies only with effect NoExecute");
            return new AlgorithmToleration(key, op, value, effect, seconds);
        }
    }
}
