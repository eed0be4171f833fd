using System.Net;
using k8s.Autorest;

namespace Reservoir.FakeKubernetes.Kubelet;

/// <summary>
/// The kubelet's own writes must survive the faults the fake API server injects: retry 429, 5xx, timeouts and
/// connection errors with capped backoff until they succeed or the kubelet stops. 404 means the object is gone
/// (returns false); other errors are bugs and propagate.
/// </summary>
internal static class ApiRetry
{
    public static async Task<bool> Run(Func<CancellationToken, Task> call, CancellationToken ct, bool alreadyExistsIsSuccess = false)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                await call(ct);
                return true;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound) { return false; }
            catch (HttpOperationException e) when (alreadyExistsIsSuccess && e.Response.StatusCode == HttpStatusCode.Conflict) { return true; }
            catch (Exception e) when (!ct.IsCancellationRequested && IsTransient(e))
            {
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
            }
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        HttpOperationException h => (int)h.Response.StatusCode is 429 or >= 500,
        HttpRequestException or TaskCanceledException or IOException => true,
        _ => false,
    };
}
