using System.Globalization;
using System.Text;
using Reservoir.Web.ResultSets;

namespace Reservoir.Web.Pages;

/// <summary>
/// One page of stamps: each a waterfall image (served as PNG by the stamp route) with its frequency range in
/// MHz along the bottom and time in seconds down the side, and the classifier's prediction when info_df has one.
/// </summary>
internal static class StampSection
{
    public static void Render(StringBuilder body, ResultSet set, string link, int page, int perPage)
    {
        if (set.StampShape is not { } shape) return;
        var count = shape[0];
        var pages = (int)Math.Max(1, (count + perPage - 1) / perPage);
        page = Math.Clamp(page, 1, pages);
        body.Append(CultureInfo.InvariantCulture, $"<h2 id=\"stamps-title\">Stamps ({count})</h2>");
        if (count == 0) { body.Append("<p>No hits.</p>"); return; }
        var hits = set.Hits;
        var freqs = hits?.ColumnOf("freqs") ?? -1;
        var prediction = hits is null ? -1 : hits.ColumnOf("prediction_str") is var named and >= 0 ? named : hits.ColumnOf("prediction");
        var confidence = hits?.ColumnOf("confidence") ?? -1;
        var foff = set.HeaderNumber("foff");
        var tsamp = set.HeaderNumber("tsamp");
        var (rows, window) = (shape[1], shape[2]);
        body.Append("<div class=\"stamps\" id=\"stamps\">");
        for (var i = (long)(page - 1) * perPage; i < Math.Min(count, (long)page * perPage); i++)
        {
            var row = (int)i;
            body.Append(CultureInfo.InvariantCulture, $"<figure class=\"stamp\" id=\"stamp-{i}\"><figcaption>hit {i}");
            if (hits?.Text(row, prediction) is { } label)
            {
                body.Append(" · <span class=\"prediction\">").Append(Html.E(label)).Append("</span>");
                if (hits.Number(row, confidence) is { } c) body.Append(CultureInfo.InvariantCulture, $" ({c:P1})");
            }
            body.Append("</figcaption><div class=\"plot\"><div class=\"yaxis\"><span>")
                .Append(tsamp is { } t ? string.Create(CultureInfo.InvariantCulture, $"{rows * t:G4}") : $"{rows}")
                .Append("</span><span>").Append(tsamp is null ? "time (integrations)" : "time (s)").Append("</span><span>0</span></div>");
            body.Append(CultureInfo.InvariantCulture, $"<img alt=\"waterfall of hit {i}\" src=\"/stamp{link[2..]}/{i}\">");
            body.Append("<div class=\"xaxis\">");
            if (hits?.Number(row, freqs) is { } f0 && foff is { } df)
                body.Append(CultureInfo.InvariantCulture, $"<span>{f0:F6}</span><span>{f0 + (window - 1) * df:F6}</span></div><div class=\"xlabel\">frequency (MHz)</div>");
            else
                body.Append(CultureInfo.InvariantCulture, $"<span>0</span><span>{window - 1}</span></div><div class=\"xlabel\">fine channel</div>");
            body.Append("</div></figure>");
        }
        body.Append("</div><p class=\"pager\">");
        if (page > 1) body.Append(CultureInfo.InvariantCulture, $"<a rel=\"prev\" href=\"{link}?page={page - 1}#stamps-title\">previous stamps</a>");
        body.Append(CultureInfo.InvariantCulture, $"<span id=\"stamp-page\">stamps page {page} of {pages}</span>");
        if (page < pages) body.Append(CultureInfo.InvariantCulture, $"<a rel=\"next\" href=\"{link}?page={page + 1}#stamps-title\">next stamps</a>");
        body.Append("</p>");
    }
}
