using System.Net;
using k8s;
using k8s.Autorest;

namespace Reservoir.Operator.Resources;

/// <summary>
/// Typed access to Search resources through the API server's custom-objects endpoints. Every method maps the
/// status codes a caller decides on (404, 409) to results or <see cref="SearchConflictException"/>; any other
/// failure propagates as the client's <see cref="HttpOperationException"/> (see <see cref="KubernetesErrors"/>
/// to tell transient from permanent).
/// </summary>
public sealed class SearchClient
{
    private readonly IKubernetes _kubernetes;

    public SearchClient(IKubernetes kubernetes) => _kubernetes = kubernetes;

    /// <summary>
    /// Creates <paramref name="search"/> in <paramref name="namespace"/>. When a Search of that name already
    /// exists (409 AlreadyExists) the existing one is returned with <c>Created = false</c>: callers treat that
    /// as success, since names are deterministic and a duplicate request maps onto the same Search.
    /// </summary>
    public async Task<SearchCreateResult> CreateAsync(string @namespace, SearchResource search, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(search.Metadata.Name, "search.Metadata.Name");
        search.ApiVersion = SearchCrd.ApiVersion;
        search.Kind = SearchCrd.Kind;
        // A Search deleted between our 409 and our read is re-created; two rounds cover that race.
        for (var round = 0; ; round++)
        {
            try
            {
                var created = await _kubernetes.CustomObjects.CreateNamespacedCustomObjectAsync<SearchResource>(
                    search, SearchCrd.Group, SearchCrd.Version, @namespace, SearchCrd.Plural,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                return new SearchCreateResult(created, Created: true);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                var existing = await GetAsync(@namespace, search.Metadata.Name, cancellationToken).ConfigureAwait(false);
                if (existing is not null) return new SearchCreateResult(existing, Created: false);
                if (round >= 1) throw;
            }
        }
    }

    /// <summary>The Search named <paramref name="name"/>, or null when there is none (404).</summary>
    public async Task<SearchResource?> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _kubernetes.CustomObjects.GetNamespacedCustomObjectAsync<SearchResource>(
                SearchCrd.Group, SearchCrd.Version, @namespace, SearchCrd.Plural, name, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// One page of Searches. Pass the previous page's <c>Metadata.Continue</c> as <paramref name="continueToken"/>
    /// for the next; the list's <c>Metadata.ResourceVersion</c> is where a watch resumes.
    /// </summary>
    public Task<SearchResourceList> ListAsync(
        string @namespace,
        string? labelSelector = null,
        int? limit = null,
        string? continueToken = null,
        CancellationToken cancellationToken = default) =>
        _kubernetes.CustomObjects.ListNamespacedCustomObjectAsync<SearchResourceList>(
            SearchCrd.Group, SearchCrd.Version, @namespace, SearchCrd.Plural,
            continueParameter: continueToken, labelSelector: labelSelector, limit: limit,
            cancellationToken: cancellationToken);

    /// <summary>Every Search matching <paramref name="labelSelector"/>, read page by page.</summary>
    public async Task<IReadOnlyList<SearchResource>> ListAllAsync(
        string @namespace, string? labelSelector = null, int pageSize = 500, CancellationToken cancellationToken = default)
    {
        var all = new List<SearchResource>();
        string? next = null;
        do
        {
            var page = await ListAsync(@namespace, labelSelector, pageSize, next, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Items);
            next = page.Metadata?.ContinueProperty;
        } while (!string.IsNullOrEmpty(next));
        return all;
    }

    /// <summary>
    /// Writes <c>search.Status</c> through the status subresource, guarded by <c>metadata.resourceVersion</c>
    /// (optimistic concurrency). Returns the stored Search with its new resourceVersion. Throws
    /// <see cref="SearchConflictException"/> when the Search changed since it was read (409): re-read and retry.
    /// Returns null when the Search no longer exists (404).
    /// </summary>
    public async Task<SearchResource?> ReplaceStatusAsync(string @namespace, SearchResource search, CancellationToken cancellationToken = default)
    {
        var name = search.Metadata.Name;
        ArgumentException.ThrowIfNullOrEmpty(name, "search.Metadata.Name");
        try
        {
            return await _kubernetes.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<SearchResource>(
                search, SearchCrd.Group, SearchCrd.Version, @namespace, SearchCrd.Plural, name,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new SearchConflictException(@namespace, name, search.Metadata.ResourceVersion, e);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Deletes the Search (its Job goes with it through the owner reference). False when there was none.</summary>
    public async Task<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await _kubernetes.CustomObjects.DeleteNamespacedCustomObjectAsync(
                SearchCrd.Group, SearchCrd.Version, @namespace, SearchCrd.Plural, name,
                propagationPolicy: "Background", cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}

/// <summary>The outcome of <see cref="SearchClient.CreateAsync"/>: the stored Search, and whether this call created it.</summary>
public sealed record SearchCreateResult(SearchResource Search, bool Created);
