using Microsoft.Extensions.Logging.Abstractions;
using Reservoir.Algorithms.EnergyDetection.Tests.Support;
using Reservoir.Sdk;
using Reservoir.Sdk.Artifacts;
using Reservoir.Sdk.Observations;
using Xunit;

namespace Reservoir.Algorithms.EnergyDetection.Tests;

public sealed class EnergyDetectionAlgorithmTests
{
    [Fact]
    public void Identity_NameVersionParameters_AsTheRegistryExpects()
    {
        IAlgorithm algorithm = new EnergyDetectionAlgorithm();
        Assert.Equal("energy-detection", algorithm.Name);
        Assert.False(string.IsNullOrWhiteSpace(algorithm.Version));
        Assert.Equal(typeof(EnergyDetectionParameters), algorithm.ParametersType);
    }

    [Fact]
    public void Run_NoHits_BeginsWithSchemaAndReportsEveryCoarseChannel()
    {
        var observation = new SyntheticCoarseChannels(16, 4096, 2, seed: 21).ToObservation();
        var (artifacts, progress) = Contexts.Run(observation, ("coarse_channel_width", "4096"));

        Assert.Equal(0, artifacts.HitCount);
        Assert.Equal(1, artifacts.BeginCalls);
        Assert.Equal(["index", "statistic", "pvalue", "freqs", "coarse_channel"], artifacts.Schema!.Columns);
        Assert.Equal([16, 256], artifacts.Schema.StampShape);
        Assert.Equal(62L, artifacts.Summary["windows_tested"]);
        Assert.Equal(2L, artifacts.Summary["coarse_channels"]);
        Assert.Equal([new SearchProgress(1, 2, "coarse channels"), new SearchProgress(2, 2, "coarse channels")], progress.Reports);
    }

    [Fact]
    public void Run_Tones_RowsAndStampsAgree()
    {
        const int width = 4096;
        var data = new SyntheticCoarseChannels(16, width, 3, seed: 22).WithTone(width + 1000, 2).WithTone(2 * width + 3000, 1, drift: 2);
        var observation = data.ToObservation();
        var (artifacts, _) = Contexts.Run(observation, ("coarse_channel_width", "4096"));
        var expected = DetectorRuns.AllWindows(observation, new EnergyDetectionParameters { CoarseChannelWidth = width })
            .Where(w => w.Statistic > 2048).ToList();

        Assert.Equal(4, expected.Count);
        Assert.Equal(expected.Count, artifacts.Rows.Count);
        Assert.Equal(artifacts.Rows.Count, artifacts.Stamps.Count);
        for (var h = 0; h < expected.Count; h++)
        {
            var index = artifacts.Cell<long>(h, "index");
            var statistic = artifacts.Cell<double>(h, "statistic");
            Assert.Equal((long)expected[h].CoarseChannel * width + expected[h].Start, index);
            Assert.Equal((long)expected[h].CoarseChannel, artifacts.Cell<long>(h, "coarse_channel"));
            Assert.Equal(expected[h].Statistic, statistic);
            Assert.Equal(Math.Exp(-statistic / 2), artifacts.Cell<double>(h, "pvalue"));
            Assert.Equal(1500.0 + index * -2.7939677238464355e-06, artifacts.Cell<double>(h, "freqs"));

            // The stamp is the window that was tested: its own K² (naive two-pass moments) is the row's statistic
            // to float32 rounding, and its columns hold the tone where the data has it.
            var stamp = artifacts.Stamps[h];
            Assert.Equal(statistic, NaiveK2(stamp), statistic * 1e-4);
        }
    }

    [Fact]
    public void Run_NfpcInHeader_UsesHeaderWidth()
    {
        var data = new SyntheticCoarseChannels(16, 1024, 4, seed: 23);
        var observation = data.ToObservation(nfpc: 1024);
        var (artifacts, _) = Contexts.Run(observation); // default coarse_channel_width 2^20 would not divide 4096
        Assert.Equal(1024L, artifacts.Summary["coarse_channel_width"]);
        Assert.Equal(4L, artifacts.Summary["coarse_channels"]);
    }

    [Fact]
    public void Run_IfIndex_SearchesOnlyThatIf()
    {
        const int width = 1024;
        var a = new SyntheticCoarseChannels(16, width, 1, seed: 24).Data;
        var b = new SyntheticCoarseChannels(16, width, 1, seed: 25).WithTone(300, 3).Data;
        var both = new float[16 * 2 * width];
        for (var t = 0; t < 16; t++)
        {
            a.AsSpan(t * width, width).CopyTo(both.AsSpan((t * 2) * width));
            b.AsSpan(t * width, width).CopyTo(both.AsSpan((t * 2 + 1) * width));
        }
        var header = ArrayObservation.SingleIf(a, 16, width).Header.Entries;
        var observation = new InMemoryObservation(both, new ObservationShape(16, 2, width), new ObservationHeader(header));
        Assert.Equal(0, Contexts.Run(observation, ("coarse_channel_width", "1024")).Artifacts.HitCount);
        Assert.Equal(2, Contexts.Run(observation, ("coarse_channel_width", "1024"), ("if_index", "1")).Artifacts.HitCount);
    }

    [Fact]
    public async Task RunAsync_Canceled_ThrowsOperationCanceled()
    {
        var observation = new SyntheticCoarseChannels(16, 1024, 2, seed: 26).ToObservation();
        var context = new AlgorithmContext(observation, new RecordingArtifactWriter(), NullLogger.Instance, new RecordingProgress(), Path.GetTempPath());
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new EnergyDetectionAlgorithm().RunAsync(context, new EnergyDetectionParameters { CoarseChannelWidth = 1024 }, cancel.Token));
    }

    [Fact]
    public void Run_MissingFch1_ThrowsBadInputNamingKeyAndFile()
    {
        var data = new float[16 * 1024];
        var observation = new InMemoryObservation(data, new ObservationShape(16, 1, 1024), new ObservationHeader([new("foff", -1.0)]), source: "/in/nofreq.fil");
        var error = Assert.Throws<BadInputException>(() => Contexts.Run(observation, ("coarse_channel_width", "1024")));
        Assert.Contains("fch1", error.Message);
        Assert.Contains("/in/nofreq.fil", error.Message);
    }

    /// <summary>K² by the textbook: two-pass biased moments in double, then the same scipy formulas.</summary>
    private static double NaiveK2(float[] values)
    {
        var mean = values.Sum(v => (double)v) / values.Length;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            m2 += d * d; m3 += d * d * d; m4 += d * d * d * d;
        }
        return new Reservoir.Algorithms.EnergyDetection.Statistics.DAgostinoPearson(values.Length).Statistic(mean, m2 / values.Length, m3 / values.Length, m4 / values.Length);
    }
}
