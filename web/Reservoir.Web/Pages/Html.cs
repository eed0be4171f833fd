using System.Globalization;
using System.Net;
using System.Text;

namespace Reservoir.Web.Pages;

/// <summary>Shared page frame and formatting. Every value from the results goes through <see cref="E"/>.</summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A path segment for a link (the segments are already restricted to safe characters).</summary>
    public static string U(string segment) => Uri.EscapeDataString(segment);

    public static string Bytes(long bytes) => bytes switch
    {
        < 0 => "?",
        < 1024 => $"{bytes} B",
        < 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
        < 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:F2} GiB"),
    };

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F1} s");

    public static string Page(string title, string body, string? script = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(title)).Append(" · Reservoir</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<header><a href=\"/\">Reservoir results</a></header><main>").Append(body).Append("</main>");
        if (script is not null) html.Append("<script>").Append(script).Append("</script>");
        html.Append("</body></html>");
        return html.ToString();
    }

    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
        header{background:#440154;padding:.6em 1em}header a{color:#fde725;text-decoration:none;font-weight:bold}
        main{padding:1em;max-width:1400px}
        table{border-collapse:collapse;font-size:.9em}th,td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left}
        th button{font:inherit;font-weight:bold;background:none;border:0;cursor:pointer;padding:0}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .error{background:#fde2e2;border:1px solid #c33;padding:.4em .6em;margin:.3em 0;color:#900}
        .pager a,.pager span{margin-right:.8em}
        dl.summary{display:grid;grid-template-columns:max-content auto;gap:.15em 1em}dl.summary dt{font-weight:bold}
        pre{background:#eee;padding:.6em;overflow:auto}
        .stamps{display:flex;flex-wrap:wrap;gap:1em}
        figure.stamp{margin:0;background:#fff;border:1px solid #ddd;padding:.4em;font-size:.8em}
        figure.stamp .plot{display:grid;grid-template-columns:auto 256px;gap:2px}
        figure.stamp img{width:256px;height:160px;image-rendering:pixelated;display:block}
        .yaxis{writing-mode:vertical-rl;transform:rotate(180deg);display:flex;justify-content:space-between}
        .xaxis{display:flex;justify-content:space-between;grid-column:2;white-space:nowrap}
        .xlabel{grid-column:2;text-align:center}
        .prediction{font-weight:bold;color:#21908c}
        """;
}
