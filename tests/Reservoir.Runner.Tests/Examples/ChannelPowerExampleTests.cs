using Reservoir.Runner.Tests.Support;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Runner.Tests.Examples;

/// <summary>The channel-power example plugin (algorithms/examples/ChannelPower) against numpy's answer.</summary>
public sealed class ChannelPowerExampleTests
{
    [Fact]
    public async Task ChannelPower_SmallBlocks_TopChannelsAndStampsMatchNumpy()
    {
        Python.RequireModules("numpy", "pandas");
        using var dir = new TempDirectory();
        var input = new TestObservation(12, 200).WriteFil(dir.File("cp.fil"));

        var outcome = await RunnerHost.RunAsync(new RunRequest
        {
            Algorithm = "channel-power", Input = input, Output = dir.File("out"),
            Parameters = new Dictionary<string, string> { ["top"] = "7", ["block_channels"] = "33" },
            PluginsDirectory = Path.Combine(AppContext.BaseDirectory, "example-plugins"),
            TerminationMessagePath = dir.File("tm"),
        }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(outcome.Succeeded, outcome.Message);

        var output = Python.RunScript(NumpyScripts.LoadFil + """
            import sys, pandas as pd
            data = load_fil(sys.argv[1], 200)[:, 0, :]
            folder = sys.argv[2]
            means = data.astype(np.float64).mean(axis=0)
            order = sorted(range(200), key=lambda c: (-means[c], c))[:7]
            df = pd.read_csv(folder + '/info_df.csv', float_precision='round_trip')
            stamps = np.load(folder + '/filtered.npy')
            assert list(df['channel']) == order, (list(df['channel']), order)
            assert stamps.shape == (7, 12) and stamps.dtype == np.float32
            assert np.array_equal(stamps, data[:, order].T)
            assert np.allclose(df['mean_power'], means[order], rtol=0, atol=1e-12)
            assert np.allclose(df['freq_mhz'], 1500.25 - 0.0029296875 * np.array(order), rtol=0, atol=1e-9)
            print('ok')
            """, input, Path.Combine(dir.File("out"), "cp", "channel-power"));
        Assert.Equal("ok", output.Trim());
    }
}
