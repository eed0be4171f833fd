using System.Reflection;
using System.Text.Json.Serialization;
using Reservoir.Operator.Resources;
using Reservoir.TestSupport;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Reservoir.Operator.Tests.Resources;

/// <summary>search-crd.yaml and the C# Search types describe one schema: every field in one is in the other with the same type.</summary>
public sealed class SearchCrdDriftTests
{
    private static readonly YamlMappingNode Crd = LoadCrd();
    private static YamlMappingNode Version => (YamlMappingNode)((YamlSequenceNode)Map(Crd, "spec")["versions"]).Children.Single();
    private static YamlMappingNode Schema => Map(Map(Version, "schema"), "openAPIV3Schema");

    [Fact]
    public void Names_MatchSearchCrdConstants()
    {
        var spec = Map(Crd, "spec");
        var names = Map(spec, "names");
        Assert.Equal($"{SearchCrd.Plural}.{SearchCrd.Group}", Scalar(Map(Crd, "metadata"), "name"));
        Assert.Equal(SearchCrd.Group, Scalar(spec, "group"));
        Assert.Equal("Namespaced", Scalar(spec, "scope"));
        Assert.Equal(SearchCrd.Kind, Scalar(names, "kind"));
        Assert.Equal(SearchCrd.ListKind, Scalar(names, "listKind"));
        Assert.Equal(SearchCrd.Plural, Scalar(names, "plural"));
        Assert.Equal(SearchCrd.Singular, Scalar(names, "singular"));
        Assert.Contains(SearchCrd.ShortName, ((YamlSequenceNode)names["shortNames"]).Children.Select(n => n.ToString()));
        Assert.Equal(SearchCrd.Version, Scalar(Version, "name"));
        Assert.True(Map(Version, "subresources").Children.ContainsKey("status"), "the status subresource must be enabled");
    }

    [Theory]
    [InlineData("spec", typeof(SearchResourceSpec))]
    [InlineData("status", typeof(SearchResourceStatus))]
    public void SchemaProperties_MatchCSharpPropertiesBothWays(string section, Type type)
    {
        var yamlProperties = Map(Map(Map(Schema, "properties"), section), "properties");
        var yamlNames = yamlProperties.Children.Keys.Select(k => k.ToString()).ToHashSet();
        var csharp = JsonProperties(type);

        Assert.Empty(yamlNames.Except(csharp.Keys)); // in the YAML but not in C#
        Assert.Empty(csharp.Keys.Except(yamlNames)); // in C# but not in the YAML
        foreach (var (name, property) in csharp)
            Assert.True(TypeAgrees(Map(yamlProperties, name), property.PropertyType),
                $"{section}.{name}: YAML type {Describe(Map(yamlProperties, name))} does not match C# {property.PropertyType}");
    }

    [Fact]
    public void TopLevelProperties_MatchSearchResource()
    {
        var yamlNames = Map(Schema, "properties").Children.Keys.Select(k => k.ToString()).ToHashSet();
        Assert.Equal(JsonProperties(typeof(SearchResource)).Keys.ToHashSet(), yamlNames);
    }

    [Fact]
    public void SpecRequired_AreNonEmptyStringsInCSharp()
    {
        var spec = Map(Map(Schema, "properties"), "spec");
        var required = ((YamlSequenceNode)spec["required"]).Children.Select(n => n.ToString()).ToList();
        Assert.Equal(["observation", "input", "algorithm", "output"], required);
        var properties = JsonProperties(typeof(SearchResourceSpec));
        foreach (var name in required) Assert.Equal(typeof(string), properties[name].PropertyType);
    }

    [Fact]
    public void PhaseEnum_MatchesSearchPhase()
    {
        var phase = Map(Map(Map(Map(Schema, "properties"), "status"), "properties"), "phase");
        var values = ((YamlSequenceNode)phase["enum"]).Children.Select(n => n.ToString()).ToList();
        Assert.Equal(SearchPhase.All, values);
    }

    [Fact]
    public void PrinterColumns_AreObservationAlgorithmPhaseHitsAge_AndResolveToCSharpProperties()
    {
        var columns = ((YamlSequenceNode)Version["additionalPrinterColumns"]).Children.Cast<YamlMappingNode>().ToList();
        Assert.Equal(["Observation", "Algorithm", "Phase", "Hits", "Age"], columns.Select(c => Scalar(c, "name")));
        Assert.Equal(".metadata.creationTimestamp", Scalar(columns[^1], "jsonPath"));
        Assert.Equal("date", Scalar(columns[^1], "type"));
        foreach (var column in columns.SkipLast(1))
        {
            var path = Scalar(column, "jsonPath").TrimStart('.').Split('.');
            Assert.Equal(2, path.Length);
            var type = path[0] switch
            {
                "spec" => typeof(SearchResourceSpec),
                "status" => typeof(SearchResourceStatus),
                _ => throw new Xunit.Sdk.XunitException($"printer column {Scalar(column, "name")} points outside spec/status: {path[0]}"),
            };
            Assert.True(JsonProperties(type).TryGetValue(path[1], out var property), $"printer column path .{string.Join('.', path)} has no C# property");
            var expected = Scalar(column, "type") == "integer" ? new[] { typeof(long?), typeof(int), typeof(long) } : [typeof(string)];
            Assert.Contains(property.PropertyType, expected);
        }
    }

    [Fact]
    public void ManifestYaml_IsTheEmbeddedFile()
    {
        var path = Path.Combine(RepoRoot.Find(), "operator", "Reservoir.Operator", "Resources", "search-crd.yaml");
        Assert.Equal(File.ReadAllText(path), SearchCrd.ManifestYaml());
    }

    private static bool TypeAgrees(YamlMappingNode schema, Type type)
    {
        var yamlType = Scalar(schema, "type");
        var format = schema.Children.ContainsKey("format") ? Scalar(schema, "format") : null;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return (yamlType, format) switch
        {
            ("string", "date-time") => underlying == typeof(DateTimeOffset) || underlying == typeof(DateTime),
            ("string", null) => underlying == typeof(string),
            ("integer", "int32") => underlying == typeof(int),
            ("integer", "int64") => underlying == typeof(long),
            ("object", null) => schema.Children.ContainsKey("additionalProperties")
                && Scalar(Map(schema, "additionalProperties"), "type") == "string"
                && typeof(IDictionary<string, string>).IsAssignableFrom(underlying),
            _ => false,
        };
    }

    private static Dictionary<string, PropertyInfo> JsonProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? throw new Xunit.Sdk.XunitException($"{type.Name}.{p.Name} has no [JsonPropertyName]"));

    private static string Describe(YamlMappingNode schema) =>
        Scalar(schema, "type") + (schema.Children.ContainsKey("format") ? "/" + Scalar(schema, "format") : "");

    private static YamlMappingNode Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlMappingNode map
            ? map
            : throw new Xunit.Sdk.XunitException($"search-crd.yaml: '{key}' is missing or not a mapping");

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlScalarNode scalar
            ? scalar.Value ?? ""
            : throw new Xunit.Sdk.XunitException($"search-crd.yaml: '{key}' is missing or not a scalar");

    private static YamlMappingNode LoadCrd()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(SearchCrd.ManifestYaml()));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }
}
