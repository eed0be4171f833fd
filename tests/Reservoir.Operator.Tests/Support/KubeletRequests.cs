namespace Reservoir.Operator.Tests.Support;

/// <summary>
/// Tags every request of the fake kubelet with a query parameter, so the API server's authorizer and recorded
/// requests can tell the kubelet (which stands in for the kubelet and the Job controller, with their own
/// permissions) from the operator. The fake server ignores unknown query parameters.
/// </summary>
internal sealed class KubeletRequests : DelegatingHandler
{
    public const string Marker = "caller=fake-kubelet";

    public static bool IsKubelet(string query) => query.Contains(Marker, StringComparison.Ordinal);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
        {
            var builder = new UriBuilder(uri);
            builder.Query = string.IsNullOrEmpty(builder.Query) ? Marker : builder.Query.TrimStart('?') + "&" + Marker;
            request.RequestUri = builder.Uri;
        }
        return base.SendAsync(request, cancellationToken);
    }
}
