using System.Net;
using System.Text.RegularExpressions;
using Reservoir.TestSupport;
using Reservoir.Web.Tests.Support;
using Xunit;

namespace Reservoir.Web.Tests.Hosting;

public sealed partial class PythonSnippetTests
{
    [Fact]
    public async Task Snippet_FromResultPage_LoadsEveryArtifactWithNumpyAndPandas()
    {
        Python.RequireModules("numpy", "pandas");
        await using var site = new LocalSite();
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-py", hits: 5);
        await site.StartAsync();
        var html = await site.Http.GetStringAsync("/r/obs-py/energy-detection", TestContext.Current.CancellationToken);
        var snippet = WebUtility.HtmlDecode(Snippet().Match(html).Groups[1].Value);
        Assert.Contains("np.load", snippet);

        var output = Python.RunScript(snippet + "\nprint(stamps.shape, stamps.dtype, len(hits), list(hits.columns), header['source_name'], manifest['hits'])\n");

        Assert.Equal("(5, 16, 64) float32 5 ['index', 'statistic', 'pvalue', 'freqs', 'coarse_channel'] SRC_obs-py 5", output.Trim());
    }

    [GeneratedRegex("<pre id=\"python\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Snippet();
}
