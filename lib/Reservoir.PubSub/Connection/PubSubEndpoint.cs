using Reservoir.Cloud;

namespace Reservoir.PubSub.Connection;

/// <summary>
/// Where requests go and how they are authorised. <see cref="FromEnvironment"/> follows Google's clients:
/// <c>PUBSUB_EMULATOR_HOST=host:port</c> means plain HTTP to the emulator with no credentials; otherwise
/// Google's endpoint with application default credentials, looked up on the first request.
/// </summary>
public sealed record PubSubEndpoint(Uri BaseAddress, IAccessTokenSource Tokens)
{
    public const string EmulatorHostVariable = "PUBSUB_EMULATOR_HOST";

    /// <summary>The production REST endpoint.</summary>
    public static Uri GoogleBaseAddress { get; } = new("https://pubsub.googleapis.com/");

    public bool IsEmulator => Tokens is NoCredentials;

    /// <summary>The emulator at <paramref name="hostPort"/> (<c>host:port</c>, as in <c>PUBSUB_EMULATOR_HOST</c>).</summary>
    public static PubSubEndpoint Emulator(string hostPort)
    {
        var value = hostPort.Trim();
        if (value.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate($"http://{value}/", UriKind.Absolute, out var uri) || uri.Port <= 0 || value.EndsWith(':'))
            throw new ArgumentException($"{EmulatorHostVariable} '{hostPort}' is not host:port", nameof(hostPort));
        return new PubSubEndpoint(uri, NoCredentials.Instance);
    }

    /// <summary>
    /// The emulator when <c>PUBSUB_EMULATOR_HOST</c> is set; otherwise production with <paramref name="credentials"/>,
    /// or application default credentials (<see cref="CloudCredentials.FromEnvironment"/>, lazy) when none are given.
    /// </summary>
    public static PubSubEndpoint FromEnvironment(IAccessTokenSource? credentials = null, Func<string, string?>? getVariable = null)
    {
        var host = (getVariable ?? Environment.GetEnvironmentVariable)(EmulatorHostVariable);
        if (!string.IsNullOrWhiteSpace(host)) return Emulator(host);
        return Google(credentials ?? CloudCredentials.FromEnvironment());
    }

    /// <summary>Google's endpoint with <paramref name="credentials"/>.</summary>
    public static PubSubEndpoint Google(IAccessTokenSource credentials) => new(GoogleBaseAddress, credentials);
}
