using System.Globalization;
using System.Net;

namespace Reservoir.Cloud;

/// <summary>Which HTTP answers are worth repeating, and how long the server asked us to wait.</summary>
public static class TransientHttp
{
    /// <summary>408 Request Timeout, 429 Too Many Requests and every 5xx; any other status cannot succeed by repeating.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The response's Retry-After as a wait (seconds, fractional seconds or an HTTP date), or null.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider? time = null)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date)
        {
            var wait = date - (time ?? TimeProvider.System).GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        // Some servers send fractional seconds, which the typed header rejects.
        if (response.Headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(seconds);
        return null;
    }
}
