using System.Globalization;

namespace Reservoir.Sdk.Observations;

/// <summary>
/// The observation header: every key the file carried (SIGPROC keywords or HDF5 attributes of the data
/// set), in file order, with values of type string, long, double or bool — plus typed accessors for
/// the keys algorithms need. Written verbatim as <c>header.json</c>.
/// </summary>
public sealed class ObservationHeader
{
    private readonly List<KeyValuePair<string, object>> _entries;

    public ObservationHeader(IEnumerable<KeyValuePair<string, object>> entries)
    {
        _entries = [];
        foreach (var entry in entries)
        {
            if (entry.Value is not (string or long or double or bool))
                throw new ArgumentException($"header key '{entry.Key}' has unsupported value type {entry.Value?.GetType().Name ?? "null"}; use string, long, double or bool");
            if (_entries.Exists(e => e.Key == entry.Key))
                throw new ArgumentException($"header key '{entry.Key}' appears twice");
            _entries.Add(entry);
        }
    }

    /// <summary>Every key, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Entries => _entries;

    public bool Contains(string key) => _entries.Exists(e => e.Key == key);

    public object? this[string key] => _entries.Find(e => e.Key == key).Value;

    public double? GetDouble(string key) => this[key] switch
    {
        double d => d,
        long l => l,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public long? GetLong(string key) => this[key] switch
    {
        long l => l,
        double d when d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    public string? GetString(string key) => this[key] switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var o => o.ToString(),
    };

    /// <summary>Frequency of channel 0 in MHz (<c>fch1</c>).</summary>
    public double? Fch1 => GetDouble("fch1");

    /// <summary>Channel width in MHz, negative when frequency falls with channel index (<c>foff</c>).</summary>
    public double? Foff => GetDouble("foff");

    /// <summary>Integration time in seconds (<c>tsamp</c>).</summary>
    public double? Tsamp => GetDouble("tsamp");

    /// <summary>Start time, MJD (<c>tstart</c>).</summary>
    public double? Tstart => GetDouble("tstart");

    public string? SourceName => GetString("source_name");

    /// <summary>Fine channels per coarse channel (<c>nfpc</c>), when the file says.</summary>
    public long? FineChannelsPerCoarse => GetLong("nfpc");
}
