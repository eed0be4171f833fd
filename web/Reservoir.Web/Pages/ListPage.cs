using System.Globalization;
using System.Text;
using Reservoir.Web.Index;

namespace Reservoir.Web.Pages;

/// <summary>The observations page: one row per complete result set, searchable and paginated.</summary>
internal static class ListPage
{
    public sealed record Row(ResultEntry Entry, ManifestSummary? Manifest, string? Error);

    public static string Render(IReadOnlyList<Row> rows, string query, int page, int pages, int matched, int total, string root)
    {
        var body = new StringBuilder();
        body.Append("<h1>Observations</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p id=\"counts\">{matched} of {total} result sets in <code>{Html.E(root)}</code></p>");
        body.Append("<form method=\"get\" action=\"/\"><input type=\"search\" name=\"q\" id=\"search\" placeholder=\"observation or algorithm\" value=\"")
            .Append(Html.E(query)).Append("\"> <button type=\"submit\">Search</button> <a href=\"/?refresh=1\">refresh</a></form>");
        body.Append("<table id=\"results\"><thead><tr><th>observation</th><th>algorithm</th><th>hits</th><th>finished</th><th>duration</th><th>input size</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            var e = row.Entry;
            body.Append("<tr><td><a href=\"/r/").Append(Html.U(e.Observation)).Append('/').Append(Html.U(e.Algorithm)).Append("\">")
                .Append(Html.E(e.Observation)).Append("</a></td><td>").Append(Html.E(e.Algorithm)).Append("</td>");
            if (row.Manifest is { } m)
                body.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{m.Hits}</td><td>{Html.Time(m.FinishedAt)}</td><td class=\"num\">{Html.Seconds(m.Duration)}</td><td class=\"num\">{Html.Bytes(m.InputBytes)}</td>");
            else
                body.Append("<td colspan=\"4\" class=\"error\">").Append(Html.E(row.Error)).Append("</td>");
            body.Append("</tr>");
        }
        body.Append("</tbody></table>");
        if (rows.Count == 0) body.Append("<p>No result sets match.</p>");
        body.Append(Pager(query, page, pages));
        return Html.Page("Observations", body.ToString());
    }

    private static string Pager(string query, int page, int pages)
    {
        var q = query.Length > 0 ? "q=" + Uri.EscapeDataString(query) + "&" : "";
        var pager = new StringBuilder("<p class=\"pager\">");
        if (page > 1) pager.Append(CultureInfo.InvariantCulture, $"<a rel=\"prev\" href=\"/?{q}page={page - 1}\">previous</a>");
        pager.Append(CultureInfo.InvariantCulture, $"<span id=\"page\">page {page} of {pages}</span>");
        if (page < pages) pager.Append(CultureInfo.InvariantCulture, $"<a rel=\"next\" href=\"/?{q}page={page + 1}\">next</a>");
        return pager.Append("</p>").ToString();
    }
}
