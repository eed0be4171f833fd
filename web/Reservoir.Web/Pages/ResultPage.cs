using System.Globalization;
using System.Text;
using System.Text.Json;
using Reservoir.Web.ResultSets;

namespace Reservoir.Web.Pages;

/// <summary>
/// A result page: summary from manifest and header, download links, a Python snippet, the hit-frequency
/// histogram (canvas, drawn by <see cref="ResultScript"/>), the hits table (sortable, filterable) and one
/// page of stamps with any classifier predictions beside them. Artifact errors are listed at the top.
/// </summary>
internal static class ResultPage
{
    private static readonly string[] HeaderKeys = ["source_name", "telescope_id", "fch1", "foff", "tsamp", "tstart", "nchans", "nifs", "nbits"];

    public static string Render(ResultSet set, Func<string, string> uriOf, int stampPage, int stampsPerPage, int maxTableRows)
    {
        var link = $"/r/{Html.U(set.Observation)}/{Html.U(set.Algorithm)}";
        var body = new StringBuilder();
        body.Append("<h1>").Append(Html.E(set.Observation)).Append(" · ").Append(Html.E(set.Algorithm)).Append("</h1>");
        foreach (var error in set.Errors) body.Append("<div class=\"error artifact-error\">").Append(Html.E(error)).Append("</div>");

        body.Append("<h2>Summary</h2><dl class=\"summary\" id=\"summary\">");
        foreach (var key in HeaderKeys)
            if (set.HeaderValue(key) is { } value) Term(body, key, key == "tstart" ? value + Mjd(value) : value);
        if (set.ManifestSummary is { } m)
        {
            Term(body, "hits", m.Hits.ToString(CultureInfo.InvariantCulture));
            Term(body, "algorithm version", m.Version);
            Term(body, "image", m.Image);
            Term(body, "input", $"{m.Input} ({Html.Bytes(m.InputBytes)})");
            Term(body, "started", Html.Time(m.StartedAt));
            Term(body, "finished", $"{Html.Time(m.FinishedAt)} ({Html.Seconds(m.Duration)})");
            foreach (var (key, value) in m.Params) Term(body, "param " + key, value);
            foreach (var (key, value) in m.Summary) Term(body, key, value);
        }
        body.Append("</dl>");

        body.Append("<h2>Artifacts</h2><ul id=\"downloads\">");
        var files = set.ManifestSummary?.Files.Select(f => (f.Name, f.Bytes, f.Sha256)).ToList() ?? [];
        if (!files.Any(f => f.Name == ResultSet.Manifest)) files.Add((ResultSet.Manifest, -1, ""));
        foreach (var (name, bytes, sha) in files)
            body.Append("<li><a download href=\"/files/").Append(Html.U(set.Observation)).Append('/').Append(Html.U(set.Algorithm)).Append('/').Append(Html.U(name))
                .Append("\">").Append(Html.E(name)).Append("</a> ").Append(bytes >= 0 ? Html.Bytes(bytes) : "")
                .Append(sha.Length > 0 ? $" <small>sha256 {Html.E(sha)}</small>" : "").Append("</li>");
        body.Append("</ul><h3>Load in Python</h3><pre id=\"python\">").Append(Html.E(PythonSnippet(uriOf))).Append("</pre>");

        var hits = set.Hits;
        var freqs = hits?.ColumnOf("freqs") ?? -1;
        if (hits is not null && freqs >= 0)
        {
            var values = Enumerable.Range(0, hits.Rows.Count).Select(r => hits.Number(r, freqs)).OfType<double>().ToArray();
            body.Append("<h2>Hit frequencies</h2><canvas id=\"histogram\" width=\"720\" height=\"220\"></canvas>")
                .Append("<script type=\"application/json\" id=\"hit-freqs\">").Append(JsonSerializer.Serialize(values)).Append("</script>");
        }
        if (hits is not null) HitsTable(body, hits, maxTableRows, set.Observation, set.Algorithm);
        StampSection.Render(body, set, link, stampPage, stampsPerPage);
        return Html.Page($"{set.Observation} {set.Algorithm}", body.ToString(), ResultScript.Source);
    }

    private static void HitsTable(StringBuilder body, CsvTable hits, int maxRows, string observation, string algorithm)
    {
        body.Append(CultureInfo.InvariantCulture, $"<h2>Hits ({hits.Rows.Count})</h2>");
        if (hits.Rows.Count > maxRows)
            body.Append(CultureInfo.InvariantCulture, $"<p>Showing the first {maxRows}; download {ResultSet.Table} for all.</p>");
        body.Append("<p><input type=\"search\" id=\"hit-filter\" placeholder=\"filter rows\"></p><table id=\"hits\"><thead><tr><th><button data-col=\"0\">row</button></th>");
        for (var c = 0; c < hits.Columns.Count; c++)
            body.Append(CultureInfo.InvariantCulture, $"<th><button data-col=\"{c + 1}\">{Html.E(hits.Columns[c])}</button></th>");
        body.Append("</tr></thead><tbody>");
        for (var r = 0; r < Math.Min(maxRows, hits.Rows.Count); r++)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"num\">{r}</td>");
            foreach (var cell in hits.Rows[r]) body.Append("<td>").Append(Html.E(cell)).Append("</td>");
            body.Append("</tr>");
        }
        body.Append("</tbody></table>");
    }

    private static void Term(StringBuilder body, string term, string value) =>
        body.Append("<dt>").Append(Html.E(term)).Append("</dt><dd>").Append(Html.E(value)).Append("</dd>");

    // tstart is an MJD; also show it as a calendar time (MJD 40587 is 1970-01-01).
    private static string Mjd(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var mjd) && mjd is > 0 and < 100000
            ? $" (MJD; {Html.Time(DateTimeOffset.UnixEpoch.AddDays(mjd - 40587))})" : "";

    private static string PythonSnippet(Func<string, string> uriOf)
    {
        string Path(string file) => uriOf(file) is var uri && uri.StartsWith("file://", StringComparison.Ordinal) ? new Uri(uri).LocalPath : uri;
        return $"""
            import json
            import numpy as np
            import pandas as pd

            stamps = np.load("{Path(ResultSet.Stamps)}")      # (hits, n_ints, window) float32
            hits = pd.read_csv("{Path(ResultSet.Table)}")      # row i describes stamps[i]
            header = json.load(open("{Path(ResultSet.Header)}"))
            manifest = json.load(open("{Path(ResultSet.Manifest)}"))
            """ + (uriOf(ResultSet.Stamps).StartsWith("gs://", StringComparison.Ordinal)
            ? "\n# gs:// paths: np.load/json.load need a local copy (gsutil cp) or gcsfs; pandas reads gs:// with gcsfs installed"
            : "");
    }
}
