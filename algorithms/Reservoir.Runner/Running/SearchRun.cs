using Reservoir.Sdk.Observations;
using Microsoft.Extensions.Logging;
using Reservoir.Formats;
using Reservoir.Runner.Artifacts;
using Reservoir.Runner.Manifest;
using Reservoir.Runner.Plugins;
using Reservoir.Runner.Publishing;
using Reservoir.Sdk;
using Reservoir.Storage;
using Reservoir.Storage.Locations;

namespace Reservoir.Runner.Running;

/// <summary>
/// One run, start to finish: check everything that can be checked before the search (observation ID,
/// algorithm, parameters, output and input locations), search with artifacts streamed to scratch, then
/// publish with the manifest last. Throws on failure; <see cref="RunnerHost"/> turns that into an exit code.
/// </summary>
internal sealed class SearchRun(RunRequest request, ILoggerFactory loggers, ObjectStoreResolver stores, TimeProvider time)
{
    private readonly ILogger _logger = loggers.CreateLogger("Reservoir.Runner");

    public async Task<(long Hits, string ManifestUri)> ExecuteAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var observationId = request.Observation ?? ObservationId.FromInput(request.Input);
        if (ObservationId.Check(observationId) is { } invalid) throw new BadInputException(invalid);

        var catalog = PluginCatalog.Load(PluginCatalog.ResolveDirectory(request.PluginsDirectory), _logger);
        var entry = catalog.Get(request.Algorithm);
        var parameters = ParameterBinder.Bind(entry.ParametersType, request.Parameters);
        var effective = entry.Parameters.Select(p => new KeyValuePair<string, object?>(p.Name, p.Property.GetValue(parameters))).ToList();

        var output = ObjectLocation.ParsePrefix(request.Output).Child($"{observationId}/{entry.Name}");
        var (outputStore, folderKey) = stores.Open(output);
        var inputLocation = ObjectLocation.Parse(request.Input);
        var (inputStore, inputKey) = stores.Open(inputLocation);
        var inputUri = inputLocation.ToString();
        var inputInfo = await inputStore.StatAsync(inputKey, cancellationToken)
            ?? throw new BadInputException($"input not found: {inputUri}");

        _logger.LogInformation("running {Algorithm} {Version} on {Observation} ({Input}, {Bytes} bytes) -> {Output}",
            entry.Name, entry.Version, observationId, inputUri, inputInfo.Size, output);

        var scratch = Directory.CreateDirectory(Path.Combine(request.ScratchRoot ?? Path.GetTempPath(), $"reservoir-run-{Guid.NewGuid():N}")).FullName;
        try
        {
            var artifactFolder = Directory.CreateDirectory(Path.Combine(scratch, "artifacts")).FullName;
            var pluginScratch = Directory.CreateDirectory(Path.Combine(scratch, "plugin")).FullName;
            using var artifacts = new ScratchArtifactWriter(artifactFolder);
            var headerPath = Path.Combine(artifactFolder, "header.json");

            using (var observation = await OpenObservationAsync(inputStore, inputKey, inputUri, cancellationToken))
            {
                await using (var header = File.Create(headerPath)) HeaderJson.Write(observation.Header, header);
                var progress = new ProgressLog(_logger, entry.Name, time, TimeSpan.FromSeconds(5));
                var context = new AlgorithmContext(observation, artifacts, loggers.CreateLogger($"Reservoir.Algorithms.{entry.Name}"), progress, pluginScratch);
                await SearchAsync(entry, context, parameters, cancellationToken);
            }
            artifacts.Finish();
            cancellationToken.ThrowIfCancellationRequested();

            var publisher = new ResultPublisher(outputStore, folderKey);
            await publisher.RemoveOldManifestAsync(cancellationToken);
            List<ManifestFile> files =
            [
                await publisher.UploadAsync(ScratchArtifactWriter.StampsFile, artifacts.StampsPath, cancellationToken),
                await publisher.UploadAsync(ScratchArtifactWriter.TableFile, artifacts.TablePath, cancellationToken),
                await publisher.UploadAsync("header.json", headerPath, cancellationToken),
            ];
            var manifest = new RunManifest
            {
                Observation = observationId,
                Algorithm = entry.Name,
                Version = entry.Version,
                Image = request.Image ?? (Environment.GetEnvironmentVariable(RunnerHost.ImageVariable) is { Length: > 0 } image ? image : "local"),
                Input = inputUri,
                InputBytes = inputInfo.Size,
                Params = effective,
                StartedAt = startedAt,
                FinishedAt = time.GetUtcNow(),
                Hits = artifacts.HitCount,
                Summary = artifacts.Summary,
                Files = files,
            };
            cancellationToken.ThrowIfCancellationRequested();
            await publisher.WriteManifestAsync(manifest, cancellationToken);
            return (artifacts.HitCount, publisher.ManifestUri);
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { _logger.LogWarning("could not delete scratch folder {Scratch}: {Message}", scratch, e.Message); }
        }
    }

    private static async Task<Sdk.Observations.IObservation> OpenObservationAsync(IObjectStore store, string key, string uri, CancellationToken cancellationToken)
    {
        Stream stream;
        try { stream = await store.OpenReadAsync(key, cancellationToken); }
        catch (ObjectNotFoundException) { throw new BadInputException($"input not found: {uri}"); }
        return ObservationFile.Open(stream, uri);
    }

    /// <summary>Runs the plugin; its unexpected exceptions are wrapped so the message says which algorithm failed.</summary>
    private static async Task SearchAsync(AlgorithmEntry entry, AlgorithmContext context, object parameters, CancellationToken cancellationToken)
    {
        try
        {
            await entry.Create().RunAsync(context, parameters, cancellationToken);
        }
        catch (Exception e) when (e is not (BadInputException or OperationCanceledException))
        {
            throw new AlgorithmFailedException($"algorithm '{entry.Name}' failed: {e.GetType().Name}: {e.Message}", e);
        }
    }
}

/// <summary>The plugin threw something other than <see cref="BadInputException"/> (retryable, exit 1).</summary>
public sealed class AlgorithmFailedException(string message, Exception inner) : Exception(message, inner);
