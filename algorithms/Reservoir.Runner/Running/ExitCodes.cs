using Reservoir.Sdk;
using Reservoir.Storage;
using Reservoir.Storage.Locations;

namespace Reservoir.Runner.Running;

/// <summary>
/// The runner's exit codes, which a Kubernetes Job's podFailurePolicy reads: 0 done; 2 terminal (bad input,
/// bad parameters, unknown algorithm, missing input, unusable location) — retrying cannot help; 1 anything
/// else, including cancellation — worth retrying.
/// </summary>
public static class ExitCodes
{
    public const int Succeeded = 0;
    public const int Retryable = 1;
    public const int Terminal = 2;

    public static int For(Exception exception) => exception switch
    {
        BadInputException or ObjectLocationException or UnsupportedLocationException => Terminal,
        AggregateException { InnerExceptions: [var only] } => For(only),
        _ => Retryable,
    };
}
