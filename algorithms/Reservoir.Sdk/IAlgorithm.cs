namespace Reservoir.Sdk;

/// <summary>
/// A search algorithm the runner can load from a plugin assembly. Implement it by deriving from
/// <see cref="Algorithm{TParameters}"/>; the runner finds every public non-abstract implementation with a
/// public parameterless constructor.
/// </summary>
public interface IAlgorithm
{
    /// <summary>Registry name, e.g. <c>energy-detection</c>: lower case letters, digits and dashes.</summary>
    string Name { get; }

    /// <summary>Version recorded in every manifest this algorithm writes.</summary>
    string Version { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>The parameters type: a class whose <see cref="ParameterAttribute"/> properties are the parameters.</summary>
    Type ParametersType { get; }

    /// <summary>
    /// Searches one observation. Throw <see cref="BadInputException"/> for input that can never succeed
    /// (runner exit code 2); any other exception is treated as retryable (exit code 1).
    /// </summary>
    Task RunAsync(AlgorithmContext context, object parameters, CancellationToken cancellationToken);
}

/// <summary>Base class for algorithms with a typed parameters class.</summary>
public abstract class Algorithm<TParameters> : IAlgorithm where TParameters : class, new()
{
    public abstract string Name { get; }
    public abstract string Version { get; }
    public abstract string Description { get; }
    public Type ParametersType => typeof(TParameters);

    /// <summary>Searches <see cref="AlgorithmContext.Observation"/> with validated parameters.</summary>
    public abstract Task RunAsync(AlgorithmContext context, TParameters parameters, CancellationToken cancellationToken);

    Task IAlgorithm.RunAsync(AlgorithmContext context, object parameters, CancellationToken cancellationToken) =>
        RunAsync(context, (TParameters)parameters, cancellationToken);
}
