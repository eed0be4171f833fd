using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Reservoir.Formats.Npy;
using Reservoir.Storage;
using Reservoir.Web.Index;
using Reservoir.Web.Pages;
using Reservoir.Web.Rendering;
using Reservoir.Web.ResultSets;
using Reservoir.Web.Storage;

namespace Reservoir.Web.Hosting;

/// <summary>
/// The site's URLs. Every route value is checked with <see cref="ResultsRoot.IsSafeSegment"/> before any key
/// is built (a failing value is a 404, like any other name that does not exist).
/// <list type="bullet">
/// <item><c>/?q=&amp;page=&amp;refresh=1</c> — observations list</item>
/// <item><c>/r/{observation}/{algorithm}?page=</c> — a result</item>
/// <item><c>/stamp/{observation}/{algorithm}/{index}</c> — one stamp as a PNG waterfall</item>
/// <item><c>/files/{observation}/{algorithm}/{name}</c> — an artifact, as stored</item>
/// </list>
/// </summary>
internal sealed class Routes(ResultsRoot root, ResultIndex index, WebOptions options)
{
    private static readonly string[] GetHead = [HttpMethods.Get, HttpMethods.Head];

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/", GetHead, ListAsync);
        app.MapMethods("/r/{observation}/{algorithm}", GetHead, ResultAsync);
        app.MapMethods("/stamp/{observation}/{algorithm}/{index}", GetHead, StampAsync);
        app.MapMethods("/files/{observation}/{algorithm}/{name}", GetHead, FileAsync);
        app.MapMethods("/healthz", GetHead, () => Results.Text("ok\n"));
    }

    private async Task<IResult> ListAsync(HttpContext http, string? q, string? page, string? refresh)
    {
        var ct = http.RequestAborted;
        IReadOnlyList<ResultEntry> all;
        try { all = await index.EntriesAsync(refresh == "1", ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Results.Content(Html.Page("Observations", $"<h1>Observations</h1><p class=\"error\">could not list {Html.E(root.Display)}: {Html.E(e.Message)}</p><p><a href=\"/?refresh=1\">try again</a></p>"),
                "text/html; charset=utf-8", statusCode: 503);
        }
        var query = (q ?? "").Trim();
        var matched = query.Length == 0 ? all : all.Where(e => e.SearchText.Contains(query, StringComparison.OrdinalIgnoreCase)).ToList();
        var pages = Math.Max(1, (matched.Count + options.PageSize - 1) / options.PageSize);
        var number = Math.Clamp(PageNumber(page), 1, pages);
        var shown = matched.Skip((number - 1) * options.PageSize).Take(options.PageSize).ToList();
        var rows = await Task.WhenAll(shown.Select(async e =>
        {
            try { return new ListPage.Row(e, await index.ManifestAsync(e, ct), null); }
            catch (Exception ex) when (ex is not OperationCanceledException) { return new ListPage.Row(e, null, $"manifest unreadable: {ex.Message}"); }
        }));
        return Page(ListPage.Render(rows, query, number, pages, matched.Count, all.Count, root.Display));
    }

    private async Task<IResult> ResultAsync(HttpContext http, string observation, string algorithm, string? page)
    {
        if (!ResultsRoot.IsSafeSegment(observation) || !ResultsRoot.IsSafeSegment(algorithm)) return NotFound();
        var set = await ResultSet.LoadAsync(root, observation, algorithm, http.RequestAborted);
        if (set is null) return NotFound($"no complete result for {observation}/{algorithm} (no {ResultSet.Manifest})");
        return Page(ResultPage.Render(set, file => root.UriOf(observation, algorithm, file), PageNumber(page), options.StampsPerPage, options.MaxTableRows));
    }

    private async Task<IResult> StampAsync(HttpContext http, string observation, string algorithm, string index)
    {
        if (!ResultsRoot.IsSafeSegment(observation) || !ResultsRoot.IsSafeSegment(algorithm)
            || !long.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var item)) return NotFound();
        var key = root.KeyOf(observation, algorithm, ResultSet.Stamps);
        try
        {
            await using var stream = await root.Store.OpenReadAsync(key, http.RequestAborted);
            using var npy = NpyReader.Open(stream, root.Store.UriOf(key));
            if (npy.Shape.Count != 3 || npy.Shape[1] * npy.Shape[2] > 16 << 20)
                return Results.Problem($"{npy.Source}: shape ({string.Join(", ", npy.Shape)}) is not (hits, n_ints, window)", statusCode: 500);
            if (item >= npy.Shape[0]) return NotFound($"{npy.Source} has {npy.Shape[0]} stamps; there is no stamp {item}");
            var values = new float[npy.ItemValues];
            npy.ReadItem(item, values);
            return Results.Bytes(StampRenderer.RenderPng(values, (int)npy.Shape[1], (int)npy.Shape[2]), "image/png");
        }
        catch (ObjectNotFoundException) { return NotFound(); }
        catch (Exception e) when (e is not OperationCanceledException) { return Results.Problem($"{ResultSet.Stamps}: {e.Message}", statusCode: 500); }
    }

    private async Task<IResult> FileAsync(HttpContext http, string observation, string algorithm, string name)
    {
        if (!ResultsRoot.IsSafeSegment(observation) || !ResultsRoot.IsSafeSegment(algorithm) || !ResultsRoot.IsSafeSegment(name)) return NotFound();
        var key = root.KeyOf(observation, algorithm, name);
        if (await root.Store.StatAsync(key, http.RequestAborted) is null) return NotFound();
        try
        {
            var stream = await root.Store.OpenReadAsync(key, http.RequestAborted);
            var type = Path.GetExtension(name) switch { ".csv" => "text/csv", ".json" => "application/json", _ => "application/octet-stream" };
            return Results.Stream(stream, type, fileDownloadName: name);
        }
        catch (ObjectNotFoundException) { return NotFound(); }
    }

    private static int PageNumber(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

    private static IResult Page(string html) => Results.Content(html, "text/html; charset=utf-8");

    private static IResult NotFound(string message = "not found") =>
        Results.Content(Html.Page("Not found", $"<h1>Not found</h1><p class=\"error\">{Html.E(message)}</p>"), "text/html; charset=utf-8", statusCode: 404);
}
