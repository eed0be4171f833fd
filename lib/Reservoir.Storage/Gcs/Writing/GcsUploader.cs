using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Reservoir.Storage.Gcs.Http;
using Reservoir.Storage.Gcs.Integrity;

namespace Reservoir.Storage.Gcs.Writing;

/// <summary>
/// Uploads one object. Up to <see cref="GcsOptions.MultipartThreshold"/> bytes: one multipart request
/// (metadata + bytes, the CRC-32C in the metadata so Cloud Storage rejects a corrupted body). Larger: a
/// resumable session sent in <see cref="GcsOptions.ChunkSize"/> pieces; after a failed piece it asks the
/// server how much it committed and goes on from there. A source that cannot seek and exceeds the threshold
/// is spilled to a temporary file first (memory stays bounded). Either way the server's CRC-32C and size
/// must match what was read from the source; on a mismatch the object is deleted and
/// <see cref="GcsIntegrityException"/> thrown.
/// </summary>
internal sealed class GcsUploader(GcsClient client, string bucket, string key, string uri)
{
    private const HttpStatusCode ResumeIncomplete = (HttpStatusCode)308;

    public async Task<GcsObjectMetadata> UploadAsync(Stream content, CancellationToken cancellationToken)
    {
        var threshold = client.Options.MultipartThreshold;
        if (content.CanSeek)
        {
            var length = content.Length - content.Position;
            if (length <= threshold) return await MultipartAsync(await ReadAllAsync(content, (int)length, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return await ResumableAsync(content, length, cancellationToken).ConfigureAwait(false);
        }
        var head = new byte[threshold + 1];
        var got = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got <= threshold) return await MultipartAsync(head.AsMemory(0, got), cancellationToken).ConfigureAwait(false);
        var spillPath = Path.Combine(Path.GetTempPath(), $"reservoir-gcs-upload-{Guid.NewGuid():N}");
        await using var spill = new FileStream(spillPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await spill.WriteAsync(head.AsMemory(0, got), cancellationToken).ConfigureAwait(false);
        head = [];
        await content.CopyToAsync(spill, cancellationToken).ConfigureAwait(false);
        spill.Position = 0;
        return await ResumableAsync(spill, spill.Length, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadAllAsync(Stream content, int length, CancellationToken cancellationToken)
    {
        var bytes = new byte[length];
        await content.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    private async Task<GcsObjectMetadata> MultipartAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var crc = Crc32c.Compute(bytes.Span);
        var metadata = JsonSerializer.Serialize(new Dictionary<string, string> { ["name"] = key, ["crc32c"] = Crc32c.ToBase64(crc) }, GcsJson.Default.DictionaryStringString);
        var address = client.UploadUri(bucket, "uploadType=multipart");
        var stored = await client.RetryAsync(async ct =>
        {
            using var body = new MultipartContent("related", "reservoir-" + Guid.NewGuid().ToString("N"));
            body.Add(new StringContent(metadata, Encoding.UTF8, "application/json"));
            var media = new ReadOnlyMemoryContent(bytes);
            media.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            body.Add(media);
            using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = body };
            using var response = await client.SendOnceAsync(request, uri, "upload", HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            return await ReadObjectAsync(response, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await CheckAsync(stored, bytes.Length, crc, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>
    /// A resumable session, restarted from byte 0 with a new session when the old one has expired or been
    /// lost (404/410 on a chunk), at most <see cref="GcsOptions.MaxSessionRestarts"/> times. The source is
    /// always seekable here (a non-seekable one was spilled to a temporary file), so a restart re-reads it.
    /// </summary>
    private async Task<GcsObjectMetadata> ResumableAsync(Stream source, long length, CancellationToken cancellationToken)
    {
        var origin = source.Position;
        for (var restarts = 0; ; restarts++)
        {
            try
            {
                return await SessionAsync(source, origin, length, cancellationToken).ConfigureAwait(false);
            }
            catch (GcsRequestException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                if (restarts >= client.Options.MaxSessionRestarts)
                    throw new GcsRequestException($"{uri}: the resumable upload session expired (HTTP {(int)e.Status}) {restarts + 1} time(s); gave up", uri, e.Status, isTransient: false, inner: e);
            }
        }
    }

    private async Task<GcsObjectMetadata> SessionAsync(Stream source, long origin, long length, CancellationToken cancellationToken)
    {
        var session = await StartSessionAsync(length, cancellationToken).ConfigureAwait(false);
        var crc = new ContiguousCrc();
        long committed = 0;
        GcsObjectMetadata? stored = null;
        while (stored is null)
        {
            var resync = false;
            // One piece per pipeline run: retries of a piece start from what the server says it has.
            (committed, stored) = await client.RetryAsync(async ct =>
            {
                if (resync)
                {
                    var status = await QuerySessionAsync(session, length, ct).ConfigureAwait(false);
                    if (status.Stored is not null) return status;
                    committed = status.Committed;
                }
                resync = true;
                var end = client.Options.ChunkSize is { } chunk ? Math.Min(committed + chunk, length) : length;
                source.Position = origin + committed;
                using var request = new HttpRequestMessage(HttpMethod.Put, session)
                {
                    Content = new StreamContent(new UploadWindowStream(source, committed, end - committed, crc, uri), 1 << 16),
                };
                request.Content.Headers.ContentLength = end - committed;
                request.Content.Headers.ContentRange = new ContentRangeHeaderValue(committed, end - 1, length);
                using var response = await client.SendOnceAsync(request, uri, $"upload bytes {committed}-{end - 1} of {length}", HttpCompletionOption.ResponseContentRead, ct, ResumeIncomplete).ConfigureAwait(false);
                return await SessionStateAsync(response, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        if (crc.Covered != length)
            throw new GcsIntegrityException(uri, $"the upload completed but only {crc.Covered} of {length} bytes were checksummed on the way (internal error)");
        await CheckAsync(stored, length, crc.Value, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    private Task<Uri> StartSessionAsync(long length, CancellationToken cancellationToken)
    {
        var metadata = JsonSerializer.Serialize(new Dictionary<string, string> { ["name"] = key }, GcsJson.Default.DictionaryStringString);
        var address = client.UploadUri(bucket, "uploadType=resumable");
        return client.RetryAsync(async ct =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = new StringContent(metadata, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Upload-Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Upload-Content-Type", "application/octet-stream");
            using var response = await client.SendOnceAsync(request, uri, "start resumable upload", HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            return response.Headers.Location is { IsAbsoluteUri: true } location ? location
                : throw new GcsRequestException($"{uri}: start resumable upload: the server sent no session URI (Location header)", uri, response.StatusCode, isTransient: false);
        }, cancellationToken);
    }

    /// <summary>Asks the session how many bytes it holds (an empty PUT with <c>Content-Range: bytes */LENGTH</c>).</summary>
    private async Task<(long Committed, GcsObjectMetadata? Stored)> QuerySessionAsync(Uri session, long length, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentRange = new ContentRangeHeaderValue(length);
        using var response = await client.SendOnceAsync(request, uri, "query resumable upload", HttpCompletionOption.ResponseContentRead, cancellationToken, ResumeIncomplete).ConfigureAwait(false);
        return await SessionStateAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>308: bytes [0, Committed) are stored (the Range header says up to which; none means 0). 200/201: done.</summary>
    private async Task<(long Committed, GcsObjectMetadata? Stored)> SessionStateAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != ResumeIncomplete) return (0, await ReadObjectAsync(response, cancellationToken).ConfigureAwait(false));
        if (!response.Headers.TryGetValues("Range", out var values)) return (0, null);
        var range = values.First();
        var dash = range.LastIndexOf('-');
        if (!range.StartsWith("bytes=0-", StringComparison.Ordinal) || !long.TryParse(range.AsSpan(dash + 1), out var last))
            throw new GcsRequestException($"{uri}: the resumable session reported an unreadable Range '{range}'", uri, response.StatusCode, isTransient: false);
        return (last + 1, null);
    }

    private async Task<GcsObjectMetadata> ReadObjectAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        GcsObjectMetadata.From(await GcsObjectStore.ReadJsonAsync(response, GcsJson.Default.GcsObjectResource, uri, cancellationToken).ConfigureAwait(false), uri);

    /// <summary>The server must hold what we read: same size, same CRC-32C (when it reports one).</summary>
    private async Task CheckAsync(GcsObjectMetadata stored, long length, uint crc, CancellationToken cancellationToken)
    {
        string? problem = null;
        if (stored.Size != length) problem = $"the server stored {stored.Size} bytes, {length} were sent";
        else if (stored.Crc32c is { } served && served != crc)
            problem = $"the server's CRC-32C is {Crc32c.ToBase64(served)}, the bytes sent give {Crc32c.ToBase64(crc)}";
        if (problem is null) return;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, client.ObjectUri(bucket, key));
            using var _ = await client.SendOnceAsync(request, uri, "delete corrupted upload", HttpCompletionOption.ResponseContentRead, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
            problem += "; the corrupted object was deleted";
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            problem += $"; deleting the corrupted object failed too ({e.Message})";
        }
        throw new GcsIntegrityException(uri, "upload corrupted: " + problem);
    }
}
