namespace Reservoir.Cloud;

/// <summary>Says where application default credentials were looked for, for the error when none were found.</summary>
internal static class ApplicationDefaultSearch
{
    public const string KeyFileVariable = "GOOGLE_APPLICATION_CREDENTIALS";
    public const string MetadataHostVariable = "GCE_METADATA_HOST";
    public const string DefaultMetadataHost = "169.254.169.254";

    public static string Describe(Func<string, string?> getVariable, string libraryMessage)
    {
        var keyFile = getVariable(KeyFileVariable);
        var keyFileLine = string.IsNullOrWhiteSpace(keyFile)
            ? $"{KeyFileVariable} is not set"
            : $"{KeyFileVariable}={keyFile}" + (File.Exists(keyFile) ? " (the file exists but could not be used)" : " (no such file)");
        var metadataHost = getVariable(MetadataHostVariable) is { Length: > 0 } host ? host : DefaultMetadataHost;
        return "no Google credentials found. Looked in:" + Environment.NewLine
            + $"  1. a service-account key file: {keyFileLine};" + Environment.NewLine
            + $"  2. gcloud user credentials: {GcloudFile(getVariable)} (create it with `gcloud auth application-default login`);" + Environment.NewLine
            + $"  3. the GCE/GKE metadata server at {metadataHost} (on GKE: Workload Identity for the pod's service account)." + Environment.NewLine
            + $"Google.Apis.Auth said: {libraryMessage}" + Environment.NewLine
            + "To use an emulator instead, set STORAGE_EMULATOR_HOST or PUBSUB_EMULATOR_HOST.";
    }

    /// <summary>Where gcloud keeps application default credentials (CLOUDSDK_CONFIG overrides the folder).</summary>
    public static string GcloudFile(Func<string, string?> getVariable)
    {
        var folder = getVariable("CLOUDSDK_CONFIG");
        if (string.IsNullOrWhiteSpace(folder))
            folder = OperatingSystem.IsWindows()
                ? Path.Combine(getVariable("APPDATA") ?? "", "gcloud")
                : Path.Combine(getVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "gcloud");
        return Path.Combine(folder, "application_default_credentials.json");
    }
}
