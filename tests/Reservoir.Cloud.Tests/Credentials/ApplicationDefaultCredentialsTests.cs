using Xunit;

namespace Reservoir.Cloud.Tests.Credentials;

/// <summary>
/// What happens when application default credentials are not found, and that choosing them does nothing
/// until the first request. The lookup itself is Google.Apis.Auth's; here it is replaced by one that fails as
/// that library does, and the variables the error reports are passed in (nothing process-wide is changed).
/// </summary>
public sealed class ApplicationDefaultCredentialsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetToken_NothingFound_ErrorListsTheThreePlacesLooked()
    {
        var variables = new Dictionary<string, string?> { ["HOME"] = "/home/tester" };
        var lookups = 0;
        var source = CloudCredentials.FromEnvironment(name => variables.GetValueOrDefault(name), _ =>
        {
            lookups++;
            throw new InvalidOperationException("The Application Default Credentials are not available.");
        });
        Assert.Equal(0, lookups);

        var e = await Assert.ThrowsAsync<CloudCredentialsException>(() => source.GetTokenAsync(Ct).AsTask());

        Assert.Equal(1, lookups);
        Assert.Contains("no Google credentials found", e.Message);
        Assert.Contains("GOOGLE_APPLICATION_CREDENTIALS is not set", e.Message);
        Assert.Contains("/home/tester/.config/gcloud/application_default_credentials.json", e.Message);
        Assert.Contains("gcloud auth application-default login", e.Message);
        Assert.Contains("metadata server at 169.254.169.254", e.Message);
        Assert.Contains("The Application Default Credentials are not available.", e.Message);
    }

    [Fact]
    public async Task GetToken_KeyFileVariableNamesMissingFile_ErrorSaysSo()
    {
        var variables = new Dictionary<string, string?> { ["GOOGLE_APPLICATION_CREDENTIALS"] = "/nowhere/key.json", ["GCE_METADATA_HOST"] = "10.0.0.9", ["CLOUDSDK_CONFIG"] = "/etc/gc" };
        var source = CloudCredentials.FromEnvironment(name => variables.GetValueOrDefault(name), _ => throw new InvalidOperationException("Error reading credential file"));

        var e = await Assert.ThrowsAsync<CloudCredentialsException>(() => source.GetTokenAsync(Ct).AsTask());

        Assert.Contains("GOOGLE_APPLICATION_CREDENTIALS=/nowhere/key.json (no such file)", e.Message);
        Assert.Contains("/etc/gc/application_default_credentials.json", e.Message);
        Assert.Contains("metadata server at 10.0.0.9", e.Message);
    }

    [Fact]
    public async Task GetToken_LookupFailedOnce_LooksAgainNextTime()
    {
        var lookups = 0;
        var source = CloudCredentials.FromEnvironment(_ => null, _ =>
        {
            lookups++;
            throw new InvalidOperationException("not yet");
        });

        await Assert.ThrowsAsync<CloudCredentialsException>(() => source.GetTokenAsync(Ct).AsTask());
        await Assert.ThrowsAsync<CloudCredentialsException>(() => source.GetTokenAsync(Ct).AsTask());

        Assert.Equal(2, lookups);
    }

    [Fact]
    public async Task ForService_EmulatorHostSet_NoCredentials_OtherwiseGoogleCredentials()
    {
        var emulator = CloudCredentials.ForService("PUBSUB_EMULATOR_HOST", name => name == "PUBSUB_EMULATOR_HOST" ? "127.0.0.1:8085" : null);
        var google = CloudCredentials.ForService("PUBSUB_EMULATOR_HOST", _ => null);

        Assert.Same(NoCredentials.Instance, emulator);
        Assert.Null(await emulator.GetTokenAsync(Ct));
        Assert.IsNotType<NoCredentials>(google);
    }
}
