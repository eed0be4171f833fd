namespace Reservoir.Cloud;

/// <summary>
/// Credentials could not be found, loaded or exchanged for a token (no application default credentials, an
/// unreadable key file, a token server that refused the grant). Never retried: repeating cannot help. The
/// message says where credentials were looked for or which file or server failed.
/// </summary>
public sealed class CloudCredentialsException(string message, Exception? inner = null) : Exception(message, inner), ICloudFailure
{
    bool ICloudFailure.IsTransient => false;

    TimeSpan? ICloudFailure.RetryAfter => null;
}
