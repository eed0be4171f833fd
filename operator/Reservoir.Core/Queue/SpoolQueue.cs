using System.Globalization;
using System.Text.Json;
using Reservoir.Core.Requests;

namespace Reservoir.Core.Queue;

/// <summary>
/// A durable queue in a folder, safe against a crash at any instant and shared by any number of processes:
/// <list type="bullet">
/// <item><c>pending/{name}~{failedAttempts}.json</c> — waiting. Enqueue writes <c>tmp/</c>, flushes to disk,
/// then renames here, so a reader never sees half an item.</item>
/// <item><c>leased/{name}~{failedAttempts}@{pid}-{startMs}.json</c> — taken by one owner process. Leasing is
/// one rename, which exactly one process can win.</item>
/// <item><c>failed/{name}.json</c> — dead letters: the spec with the reason it was given up.</item>
/// </list>
/// Acknowledging deletes the lease; releasing renames it back to <c>pending/</c> with the attempt counted.
/// <see cref="Open"/> returns leases whose owner process is gone to <c>pending/</c> without counting an
/// attempt (the search did not fail; its host died). Duplicates collapse onto the same file name.
/// </summary>
public sealed class SpoolQueue : ISearchQueue
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _pending, _leased, _failed, _tmp;
    private readonly LeaseOwner _owner;

    private SpoolQueue(string root, LeaseOwner owner)
    {
        Root = Path.GetFullPath(root);
        _pending = Path.Combine(Root, "pending");
        _leased = Path.Combine(Root, "leased");
        _failed = Path.Combine(Root, "failed");
        _tmp = Path.Combine(Root, "tmp");
        _owner = owner;
        foreach (var dir in new[] { _pending, _leased, _failed, _tmp }) Directory.CreateDirectory(dir);
    }

    public string Root { get; }

    /// <summary>Leases found abandoned by a dead owner and returned to pending when this queue was opened.</summary>
    public int RecoveredLeases { get; private set; }

    /// <summary>
    /// Opens (creating if needed) the spool at <paramref name="root"/> and recovers what dead owners left:
    /// their leases go back to pending, their temp files are deleted. <paramref name="owner"/> defaults to
    /// this process; tests pass another to act as a different (e.g. dead) process.
    /// </summary>
    public static SpoolQueue Open(string root, LeaseOwner? owner = null)
    {
        var queue = new SpoolQueue(root, owner ?? LeaseOwner.Current);
        queue.Recover();
        return queue;
    }

    /// <summary>How many items are waiting, leased and dead-lettered right now.</summary>
    public (int Pending, int Leased, int Failed) Count() =>
        (Directory.GetFiles(_pending, "*.json").Length, Directory.GetFiles(_leased, "*.json").Length, Directory.GetFiles(_failed, "*.json").Length);

    /// <summary>Names of the searches leased right now (after <see cref="Open"/>, only by live owners).</summary>
    public IReadOnlySet<string> LeasedNames() =>
        Directory.GetFiles(_leased, "*.json")
            .Select(f => SpoolFileName.Parse(Path.GetFileName(f))?.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Reasons of dead-lettered searches by name.</summary>
    public IReadOnlyDictionary<string, string> DeadLetters() =>
        Directory.GetFiles(_failed, "*.json").ToDictionary(
            f => Path.GetFileNameWithoutExtension(f),
            f => ReadDeadLetterReason(f));

    public Task<bool> EnqueueAsync(SearchSpec spec, CancellationToken cancellationToken = default)
    {
        if (!SearchName.IsDns1123Label(spec.Name)) throw new ArgumentException($"search name '{spec.Name}' is not a DNS-1123 label", nameof(spec));
        cancellationToken.ThrowIfCancellationRequested();
        if (IsWaitingOrLeased(spec.Name)) return Task.FromResult(false);
        WriteDurably(PendingPath(spec.Name, 0), JsonSerializer.SerializeToUtf8Bytes(spec, Json));
        // A new request for a search that once failed is a fresh start.
        File.Delete(Path.Combine(_failed, spec.Name + ".json"));
        return Task.FromResult(true);
    }

    public Task<SearchLease?> TryLeaseAsync(CancellationToken cancellationToken = default)
    {
        foreach (var file in new DirectoryInfo(_pending).GetFiles("*.json").OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (SpoolFileName.Parse(file.Name) is not { Owner: null } parsed) continue;
            var leasedPath = Path.Combine(_leased, SpoolFileName.Format(parsed.Name, parsed.FailedAttempts, _owner));
            try { File.Move(file.FullName, leasedPath, overwrite: true); }
            catch (FileNotFoundException) { continue; }       // another owner won it
            catch (DirectoryNotFoundException) { continue; }

            SearchSpec? spec = null;
            string? problem;
            try
            {
                spec = JsonSerializer.Deserialize<SearchSpec>(File.ReadAllBytes(leasedPath), Json);
                problem = spec is null || spec.Name != parsed.Name ? $"spool item {file.Name} does not hold search '{parsed.Name}'" : null;
            }
            catch (JsonException e) { problem = $"spool item {file.Name} is not a valid search: {e.Message}"; }
            if (problem is not null)
            {
                RecordDeadLetter(parsed.Name, null, parsed.FailedAttempts, problem);
                File.Delete(leasedPath);
                continue;
            }
            return Task.FromResult<SearchLease?>(new SearchLease(spec!, parsed.FailedAttempts + 1, leasedPath));
        }
        return Task.FromResult<SearchLease?>(null);
    }

    public Task AckAsync(SearchLease lease, CancellationToken cancellationToken = default)
    {
        File.Delete(lease.Token);
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(SearchLease lease, string reason, bool countAttempt = true, CancellationToken cancellationToken = default)
    {
        var failed = countAttempt ? lease.Attempt : lease.Attempt - 1;
        var pending = PendingPath(lease.Spec.Name, failed);
        File.Move(lease.Token, pending, overwrite: true);
        // Renames keep the old time; a retried search goes to the back of the line.
        try { File.SetLastWriteTimeUtc(pending, DateTime.UtcNow); } catch (FileNotFoundException) { }
        return Task.CompletedTask;
    }

    public Task DeadLetterAsync(SearchLease lease, string reason, CancellationToken cancellationToken = default)
    {
        RecordDeadLetter(lease.Spec.Name, lease.Spec, lease.Attempt, reason);
        File.Delete(lease.Token);
        return Task.CompletedTask;
    }

    private void Recover()
    {
        foreach (var file in Directory.GetFiles(_leased, "*.json"))
        {
            if (SpoolFileName.Parse(Path.GetFileName(file)) is not { Owner: { } owner } parsed || owner.IsAlive()) continue;
            try
            {
                File.Move(file, PendingPath(parsed.Name, parsed.FailedAttempts), overwrite: true);
                RecoveredLeases++;
            }
            catch (FileNotFoundException) { } // another process recovered it first
        }
        foreach (var file in Directory.GetFiles(_tmp))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var at = name.IndexOf('@', StringComparison.Ordinal);
            var owner = at < 0 ? null : LeaseOwner.ParseTag(name[(at + 1)..]);
            if (owner is null || !owner.IsAlive()) File.Delete(file);
        }
    }

    private bool IsWaitingOrLeased(string name) =>
        Directory.EnumerateFiles(_pending, name + "~*.json").Any() || Directory.EnumerateFiles(_leased, name + "~*@*.json").Any();

    private string PendingPath(string name, int failedAttempts) => Path.Combine(_pending, SpoolFileName.Format(name, failedAttempts, null));

    private void RecordDeadLetter(string name, SearchSpec? spec, int attempts, string reason)
    {
        var record = new DeadLetter(spec, reason, attempts, DateTimeOffset.UtcNow);
        WriteDurably(Path.Combine(_failed, name + ".json"), JsonSerializer.SerializeToUtf8Bytes(record, Json));
    }

    private static string ReadDeadLetterReason(string file)
    {
        try { return JsonSerializer.Deserialize<DeadLetter>(File.ReadAllBytes(file), Json)?.Reason ?? "(no reason)"; }
        catch (Exception e) when (e is JsonException or IOException) { return $"(unreadable dead letter: {e.Message})"; }
    }

    // Temp file tagged with its owner (so recovery can delete orphans), flushed to disk, then renamed into place.
    private void WriteDurably(string destination, byte[] content)
    {
        var tmp = Path.Combine(_tmp, $"{Guid.NewGuid():N}@{_owner.Tag}.tmp");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, destination, overwrite: true);
        }
        finally { File.Delete(tmp); }
    }

    private sealed record DeadLetter(SearchSpec? Spec, string Reason, int Attempts, DateTimeOffset FailedAt);
}

/// <summary><c>{name}~{failedAttempts}.json</c> or, leased, <c>{name}~{failedAttempts}@{owner}.json</c>.</summary>
internal sealed record SpoolFileName(string Name, int FailedAttempts, LeaseOwner? Owner)
{
    public static string Format(string name, int failedAttempts, LeaseOwner? owner) =>
        owner is null
            ? string.Create(CultureInfo.InvariantCulture, $"{name}~{failedAttempts}.json")
            : string.Create(CultureInfo.InvariantCulture, $"{name}~{failedAttempts}@{owner.Tag}.json");

    public static SpoolFileName? Parse(string fileName)
    {
        if (!fileName.EndsWith(".json", StringComparison.Ordinal)) return null;
        var stem = fileName[..^5];
        var tilde = stem.IndexOf('~', StringComparison.Ordinal);
        if (tilde <= 0) return null;
        var name = stem[..tilde];
        var rest = stem[(tilde + 1)..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var attemptsText = at < 0 ? rest : rest[..at];
        if (!SearchName.IsDns1123Label(name) || !int.TryParse(attemptsText, NumberStyles.None, CultureInfo.InvariantCulture, out var attempts)) return null;
        if (at < 0) return new SpoolFileName(name, attempts, null);
        return LeaseOwner.ParseTag(rest[(at + 1)..]) is { } owner ? new SpoolFileName(name, attempts, owner) : null;
    }
}
