using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Reservoir.Operator.Registry;

/// <summary>
/// The registry read from a mounted ConfigMap file (default <see cref="DefaultPath"/>). The kubelet updates a
/// ConfigMap volume by swapping a symlink, which file-change notifications miss, so the file's content hash is
/// polled every <c>pollInterval</c>. A good edit replaces the snapshot at once (later Searches get the new
/// image; Jobs already created keep theirs); a bad edit, or the file missing for a moment, keeps the last good
/// snapshot and is logged with every problem. The first read happens in the constructor and throws
/// <see cref="AlgorithmRegistryException"/> (or <see cref="IOException"/>) so a bad registry stops start-up.
/// Rolling an algorithm to a new image is one command, with no operator restart; the kubelet refreshes the mount
/// within about a minute, and each Search's <c>status.image</c> records the image its Job ran:
/// <code>
/// kubectl -n reservoir create configmap reservoir-algorithms --from-file=algorithms.yaml --dry-run=client -o yaml | kubectl apply -f -
/// </code>
/// </summary>
public sealed class FileAlgorithmRegistry : IAlgorithmRegistry, IDisposable
{
    public const string DefaultPath = "/etc/reservoir/algorithms.yaml";

    /// <summary>How often the file is checked. The default is 5 s (kubelet ConfigMap sync is ~1 min anyway).</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Lock _reloadLock = new();
    private volatile StaticAlgorithmRegistry _snapshot;
    private string _hash;

    public FileAlgorithmRegistry(string path, TimeSpan? pollInterval = null, ILogger? logger = null, TimeProvider? time = null)
    {
        _path = path;
        _logger = logger ?? NullLogger.Instance;
        var bytes = ReadFile();
        _snapshot = Parse(bytes);
        _hash = Hash(bytes);
        var interval = pollInterval ?? DefaultPollInterval;
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(pollInterval), interval, "the poll interval must be positive");
        _timer = (time ?? TimeProvider.System).CreateTimer(_ => Reload(), null, interval, interval);
        _logger.LogInformation("Algorithm registry {Path}: {Algorithms}", _path, Describe(_snapshot));
    }

    /// <summary>Raised after a good edit replaced the snapshot.</summary>
    public event Action<IAlgorithmRegistry>? Changed;

    /// <summary>The last problem of a bad edit, or null when the file on disk is the snapshot in use.</summary>
    public string? LastError { get; private set; }

    public AlgorithmEntry? Find(string algorithm) => _snapshot.Find(algorithm);

    public IReadOnlyCollection<AlgorithmEntry> All => _snapshot.All;

    /// <summary>Checks the file now. True when a new snapshot was taken; false when unchanged or bad (kept last good).</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            byte[] bytes;
            try { bytes = ReadFile(); }
            catch (IOException e)
            {
                Reject($"cannot read {_path}: {e.Message}");
                return false;
            }
            var hash = Hash(bytes);
            if (hash == _hash) return false;
            try
            {
                _snapshot = Parse(bytes);
            }
            catch (AlgorithmRegistryException e)
            {
                _hash = hash; // report a bad edit once, not at every poll
                Reject(e.Message);
                return false;
            }
            _hash = hash;
            LastError = null;
            _logger.LogInformation("Algorithm registry {Path} changed: {Algorithms}", _path, Describe(_snapshot));
            Changed?.Invoke(this);
            return true;
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Reject(string problem)
    {
        LastError = problem;
        _logger.LogError("Algorithm registry {Path} not reloaded, keeping the last good one ({Algorithms}): {Problem}",
            _path, Describe(_snapshot), problem);
    }

    private byte[] ReadFile()
    {
        try { return File.ReadAllBytes(_path); }
        catch (UnauthorizedAccessException e) { throw new IOException(e.Message, e); }
    }

    private StaticAlgorithmRegistry Parse(byte[] bytes) =>
        new(AlgorithmRegistryParser.Parse(System.Text.Encoding.UTF8.GetString(bytes), _path));

    private static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    private static string Describe(IAlgorithmRegistry registry) =>
        string.Join(", ", registry.All.Select(a => $"{a.Name}={a.Image}"));
}
