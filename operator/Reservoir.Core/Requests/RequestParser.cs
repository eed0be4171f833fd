using Reservoir.Sdk.Observations;
using System.Text;
using System.Text.Json;

namespace Reservoir.Core.Requests;

/// <summary>
/// Reads a trigger message: either JSON
/// <c>{"observation": ID, "input": URI, "algorithms": [..], "params": {alg: {k: v}}}</c> (only
/// <c>observation</c> required) or a bare observation ID as text. Message attributes <c>algorithm</c>
/// (one name or a comma-separated list) and <c>input</c> fill what the body leaves out; <see cref="IntakeOptions"/>
/// fills the rest. Every problem is a <see cref="MalformedRequestException"/> naming the field: the message is
/// terminal and goes to the dead-letter topic, it never crashes intake.
/// </summary>
public sealed class RequestParser
{
    private static readonly HashSet<string> KnownFields = ["observation", "input", "algorithms", "params"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly IntakeOptions _options;

    public RequestParser(IntakeOptions? options = null)
    {
        _options = options ?? new IntakeOptions();
        _options.Validate();
    }

    /// <summary>Parses a message body (UTF-8) with its attributes, or throws <see cref="MalformedRequestException"/>.</summary>
    public SearchRequest Parse(ReadOnlySpan<byte> body, IReadOnlyDictionary<string, string>? attributes = null)
    {
        string text;
        try { text = StrictUtf8.GetString(body); }
        catch (DecoderFallbackException) { throw new MalformedRequestException("message body is not valid UTF-8"); }
        return Parse(text, attributes);
    }

    /// <summary>Parses a message body with its attributes, or throws <see cref="MalformedRequestException"/>.</summary>
    public SearchRequest Parse(string body, IReadOnlyDictionary<string, string>? attributes = null)
    {
        attributes ??= new Dictionary<string, string>();
        var trimmed = body.Trim();
        if (trimmed.Length == 0) throw new MalformedRequestException("message body is empty");
        // Anything that starts like JSON is read as JSON, so "[..]" gets a JSON error rather than an ID error.
        return trimmed[0] is '{' or '[' or '"' ? ParseJson(trimmed, attributes) : Complete(ValidObservation(trimmed), null, null, null, attributes);
    }

    /// <summary>Like <see cref="Parse(string, IReadOnlyDictionary{string, string}?)"/> but returns the reason instead of throwing.</summary>
    public bool TryParse(string body, IReadOnlyDictionary<string, string>? attributes, out SearchRequest? request, out string? reason)
    {
        try
        {
            request = Parse(body, attributes);
            reason = null;
            return true;
        }
        catch (MalformedRequestException e)
        {
            request = null;
            reason = e.Reason;
            return false;
        }
    }

    private SearchRequest ParseJson(string json, IReadOnlyDictionary<string, string> attributes)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new MalformedRequestException($"message is not valid JSON: {e.Message}"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new MalformedRequestException("message JSON must be an object");
            foreach (var property in root.EnumerateObject())
                if (!KnownFields.Contains(property.Name))
                    throw new MalformedRequestException($"unknown field '{property.Name}' (known: {string.Join(", ", KnownFields)})");

            if (!root.TryGetProperty("observation", out var observationElement))
                throw new MalformedRequestException("field 'observation' is missing");
            var observation = ValidObservation(RequireString(observationElement, "observation"));
            var input = root.TryGetProperty("input", out var inputElement) ? RequireString(inputElement, "input") : null;
            var algorithms = root.TryGetProperty("algorithms", out var algorithmsElement) ? ReadAlgorithms(algorithmsElement) : null;
            var parameters = root.TryGetProperty("params", out var paramsElement) ? ReadParams(paramsElement) : null;
            return Complete(observation, input, algorithms, parameters, attributes);
        }
    }

    private SearchRequest Complete(
        string observation,
        string? input,
        List<string>? algorithms,
        Dictionary<string, IReadOnlyDictionary<string, string>>? parameters,
        IReadOnlyDictionary<string, string> attributes)
    {
        if (input is null && attributes.TryGetValue("input", out var inputAttribute)) input = inputAttribute;
        input ??= _options.InputFor(observation);
        if (CheckInput(input) is { } inputReason) throw new MalformedRequestException(inputReason);

        if (algorithms is null && attributes.TryGetValue("algorithm", out var algorithmAttribute))
            algorithms = algorithmAttribute.Split(',', StringSplitOptions.TrimEntries).ToList();
        algorithms ??= [.. _options.DefaultAlgorithms];
        foreach (var a in algorithms)
            if (CheckAlgorithm(a) is { } reason) throw new MalformedRequestException(reason);
        algorithms = algorithms.Distinct(StringComparer.Ordinal).ToList();
        if (algorithms.Count == 0) throw new MalformedRequestException("field 'algorithms' is empty");

        parameters ??= [];
        foreach (var a in parameters.Keys)
            if (!algorithms.Contains(a))
                throw new MalformedRequestException($"params given for algorithm '{a}', which is not among the algorithms ({string.Join(", ", algorithms)})");
        return new SearchRequest(observation, input, algorithms, parameters);
    }

    /// <summary>Plugin names: lowercase DNS-1123 labels (they become label values and folder names).</summary>
    internal static string? CheckAlgorithm(string? name) =>
        SearchName.IsDns1123Label(name)
            ? null
            : $"algorithm name '{name}' is not valid (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";

    private static string? CheckInput(string input)
    {
        if (input.Length == 0) return "field 'input' is empty";
        if (input.Length > 2048) return $"field 'input' is {input.Length} characters long (at most 2048)";
        return input.Any(char.IsControl) ? "field 'input' contains a control character" : null;
    }

    private static string RequireString(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new MalformedRequestException($"field '{field}' must be a string, not {element.ValueKind}");

    private static List<string> ReadAlgorithms(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw new MalformedRequestException($"field 'algorithms' must be an array of strings, not {element.ValueKind}");
        var list = new List<string>();
        var i = 0;
        foreach (var item in element.EnumerateArray())
            list.Add(RequireString(item, $"algorithms[{i++}]"));
        return list;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> ReadParams(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new MalformedRequestException($"field 'params' must be an object of algorithm → {{key: value}}, not {element.ValueKind}");
        var all = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var algorithm in element.EnumerateObject())
        {
            if (algorithm.Value.ValueKind != JsonValueKind.Object)
                throw new MalformedRequestException($"field 'params.{algorithm.Name}' must be an object, not {algorithm.Value.ValueKind}");
            var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in algorithm.Value.EnumerateObject())
            {
                var field = $"params.{algorithm.Name}.{p.Name}";
                if (!IsParameterKey(p.Name)) throw new MalformedRequestException($"parameter name '{field}' is not valid (letters, digits, '_', '-', '.')");
                values[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String when !p.Value.GetString()!.Any(char.IsControl) => p.Value.GetString()!,
                    JsonValueKind.Number => p.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => throw new MalformedRequestException($"field '{field}' must be a string without control characters, a number or a boolean"),
                };
            }
            all[algorithm.Name] = values;
        }
        return all;
    }

    private static bool IsParameterKey(string key) =>
        key.Length is > 0 and <= 100 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static string ValidObservation(string id) =>
        ObservationId.Check(id) is { } reason ? throw new MalformedRequestException(reason) : id;
}
