using System.Text;
using System.Text.Json;
using Reservoir.Runner.Manifest;
using Xunit;

namespace Reservoir.Runner.Tests.Manifest;

public sealed class RunManifestTests
{
    private static RunManifest Sample() => new()
    {
        Observation = "obs",
        Algorithm = "alg",
        Version = "1.2.3",
        Image = "img:tag",
        Input = "file:///data/obs.fil",
        InputBytes = 131466,
        Params = [new("window", 256), new("threshold", 2048.5), new("dc_repair", true), new("mode", DayOfWeek.Monday), new("weird", double.NaN)],
        StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)),
        FinishedAt = new DateTimeOffset(2026, 1, 2, 1, 5, 0, TimeSpan.Zero),
        Hits = 7,
        Summary = [new("windows", 21L)],
        Files = [new("filtered.npy", 10, "ab"), new("info_df.csv", 20, "cd")],
    };

    [Fact]
    public void WriteTo_KeysInFixedOrder_TimesUtcIso8601_NonFiniteAsString()
    {
        using var buffer = new MemoryStream();
        Sample().WriteTo(buffer);
        var root = JsonDocument.Parse(buffer.ToArray()).RootElement;

        Assert.Equal(["observation", "algorithm", "version", "image", "input", "inputBytes", "params", "startedAt", "finishedAt", "hits", "summary", "files"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-01-02T01:04:05.678Z", root.GetProperty("startedAt").GetString());
        Assert.Equal("monday", root.GetProperty("params").GetProperty("mode").GetString());
        Assert.Equal("NaN", root.GetProperty("params").GetProperty("weird").GetString());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("params").GetProperty("threshold").ValueKind);
        Assert.Equal("cd", root.GetProperty("files").GetProperty("info_df.csv").GetProperty("sha256").GetString());
    }

    [Fact]
    public void Parse_WhatWriteToWrote_GivesSameValues()
    {
        using var buffer = new MemoryStream();
        var sample = Sample();
        sample.WriteTo(buffer);
        var back = RunManifest.Parse(Encoding.UTF8.GetString(buffer.ToArray()));

        Assert.Equal(sample.Files, back.Files);
        Assert.Equal(sample.StartedAt, back.StartedAt);
        Assert.Equal((sample.Observation, sample.Hits, sample.InputBytes), (back.Observation, back.Hits, back.InputBytes));
        Assert.Equal(["window=256 (Int64)", "threshold=2048.5 (Double)", "dc_repair=True (Boolean)", "mode=monday (String)", "weird=NaN (String)"],
            back.Params.Select(p => $"{p.Key}={p.Value} ({p.Value?.GetType().Name})"));
    }
}
