namespace Reservoir.FakeKubernetes.Faults;

/// <summary>How an injected fault answers a request.</summary>
public enum FaultKind
{
    /// <summary>429 TooManyRequests with a <c>Retry-After</c> header (the API server's priority-and-fairness rejection).</summary>
    TooManyRequests,
    /// <summary>500 InternalError.</summary>
    InternalError,
    /// <summary>503 ServiceUnavailable with a <c>Retry-After</c> header.</summary>
    ServiceUnavailable,
    /// <summary>Hangs without answering until the client gives up (disconnects) or <see cref="FaultRule.Delay"/> passes, then 504 Timeout.</summary>
    Timeout,
    /// <summary>Waits <see cref="FaultRule.Delay"/>, then serves the request normally (a slow server).</summary>
    Delay,
}
