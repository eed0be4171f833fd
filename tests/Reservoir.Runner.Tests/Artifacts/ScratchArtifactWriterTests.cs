using System.Text.Json;
using Reservoir.Formats.Npy;
using Reservoir.Runner.Artifacts;
using Reservoir.Sdk.Artifacts;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Runner.Tests.Artifacts;

public sealed class ScratchArtifactWriterTests
{
    [Fact]
    public void WriteHit_TrickyValues_PandasReadsThemBackExactly()
    {
        Python.RequireModules("pandas");
        using var dir = new TempDirectory();
        var doubles = new[] { 0.1, 1.0 / 3, 1e-300, -2.5e300, double.Epsilon, 123456789.123456789, double.NaN, double.PositiveInfinity, double.NegativeInfinity };
        var texts = new[] { "plain", "with, comma", "with \"quotes\"", "two\nlines", "ünïcode" };
        using (var writer = new ScratchArtifactWriter(dir.Path))
        {
            writer.Begin(new ArtifactSchema(["d", "f", "l", "s", "b"], [1]));
            for (var i = 0; i < doubles.Length; i++)
                writer.WriteHit([doubles[i], 0.1f * i, long.MaxValue - i, texts[i % texts.Length], i % 3 == 0], [i]);
            writer.Finish();
        }

        var output = Python.RunScript("""
            import sys, json, pandas as pd
            df = pd.read_csv(sys.argv[1], keep_default_na=False, na_values=['nan'], float_precision='round_trip')
            print(json.dumps({'d': [repr(x) for x in df['d']], 'f': [repr(x) for x in df['f']], 'l': [str(x) for x in df['l']],
                              's': list(df['s']), 'b': [bool(x) for x in df['b']], 'types': [str(t) for t in df.dtypes]}))
            """, Path.Combine(dir.Path, "info_df.csv"));
        var root = JsonDocument.Parse(output).RootElement;

        string Py(double d) => double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf" : d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var parsed = root.GetProperty("d").EnumerateArray().Select(e => e.GetString() switch
        {
            "nan" => double.NaN, "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity,
            var s => double.Parse(s!, System.Globalization.CultureInfo.InvariantCulture),
        }).ToArray();
        Assert.Equal(doubles.Select(Py), parsed.Select(Py));
        // float32 values are written in their shortest form: read as double and narrowed, they are the same float32.
        Assert.Equal(doubles.Select((_, i) => 0.1f * i), root.GetProperty("f").EnumerateArray().Select(e => (float)double.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(doubles.Select((_, i) => (long.MaxValue - i).ToString()), root.GetProperty("l").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(doubles.Select((_, i) => texts[i % texts.Length]), root.GetProperty("s").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(doubles.Select((_, i) => i % 3 == 0), root.GetProperty("b").EnumerateArray().Select(e => e.GetBoolean()));
        Assert.Equal(["float64", "float64", "int64", "object", "bool"], root.GetProperty("types").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void WriteHit_FromManyThreads_RowIAndStampIStayTogether()
    {
        using var dir = new TempDirectory();
        using (var writer = new ScratchArtifactWriter(dir.Path))
        {
            writer.Begin(new ArtifactSchema(["id"], [3]));
            Parallel.For(0, 2000, i => writer.WriteHit([(long)i], [i, i + 0.5f, -i]));
            Assert.Equal(2000, writer.HitCount);
            writer.Finish();
        }
        var ids = File.ReadAllLines(Path.Combine(dir.Path, "info_df.csv")).Skip(1).Select(long.Parse).ToArray();
        using var npy = NpyReader.Open(Path.Combine(dir.Path, "filtered.npy"));
        Assert.Equal([2000L, 3L], npy.Shape);
        var stamp = new float[3];
        for (var row = 0; row < ids.Length; row++)
        {
            npy.ReadItem(row, stamp);
            Assert.Equal([ids[row], ids[row] + 0.5f, -ids[row]], stamp);
        }
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (long)i), ids.Order());
    }

    [Fact]
    public void Finish_NoHits_WritesHeaderRowAndEmptyArrayOfStampShape()
    {
        using var dir = new TempDirectory();
        using (var writer = new ScratchArtifactWriter(dir.Path))
        {
            writer.Begin(new ArtifactSchema(["index", "statistic"], [16, 256]));
            writer.Finish();
        }
        Assert.Equal("index,statistic\n", File.ReadAllText(Path.Combine(dir.Path, "info_df.csv")));
        using var npy = NpyReader.Open(Path.Combine(dir.Path, "filtered.npy"));
        Assert.Equal([0L, 16L, 256L], npy.Shape);
    }

    [Fact]
    public void WriteHit_WrongRowOrStampLength_ThrowsNamingSizes()
    {
        using var dir = new TempDirectory();
        using var writer = new ScratchArtifactWriter(dir.Path);
        writer.Begin(new ArtifactSchema(["a", "b"], [2, 2]));
        Assert.Contains("row has 1 values for 2 columns", Assert.Throws<ArgumentException>(() => writer.WriteHit([1L], new float[4])).Message);
        Assert.Contains("stamp has 3 values; shape (2, 2) needs 4", Assert.Throws<ArgumentException>(() => writer.WriteHit([1L, 2L], new float[3])).Message);
        Assert.Contains("DateTime", Assert.Throws<ArgumentException>(() => writer.WriteHit([1L, DateTime.Now], new float[4])).Message);
    }

    [Fact]
    public void Misuse_BeginTwiceHitBeforeBeginFinishWithoutBegin_Throws()
    {
        using var dir = new TempDirectory();
        using var writer = new ScratchArtifactWriter(dir.Path);
        Assert.Throws<InvalidOperationException>(() => writer.WriteHit([1L], [1f]));
        Assert.Contains("without calling Artifacts.Begin", Assert.Throws<InvalidOperationException>(writer.Finish).Message);
        writer.Begin(new ArtifactSchema(["a"], [1]));
        Assert.Throws<InvalidOperationException>(() => writer.Begin(new ArtifactSchema(["a"], [1])));
    }

    [Fact]
    public void SetSummary_SameKeyTwice_KeepsFirstPositionLastValue()
    {
        using var dir = new TempDirectory();
        using var writer = new ScratchArtifactWriter(dir.Path);
        writer.SetSummary("a", 1L);
        writer.SetSummary("b", "x");
        writer.SetSummary("a", 2.5);
        Assert.Equal([new("a", 2.5), new("b", "x")], writer.Summary);
    }
}
