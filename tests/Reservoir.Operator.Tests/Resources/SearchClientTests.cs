using k8s.Models;
using Reservoir.FakeKubernetes;
using Reservoir.FakeKubernetes.Faults;
using Reservoir.Operator.Resources;
using Xunit;

namespace Reservoir.Operator.Tests.Resources;

/// <summary>SearchClient against the fake API server (CRD registered from search-crd.yaml's names).</summary>
public sealed class SearchClientTests : IAsyncLifetime
{
    private const string Ns = "reservoir";
    private FakeApiServer _api = null!;
    private SearchClient _client = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeApiServer.StartAsync(Ct);
        _api.RegisterCustomResourceDefinition(SearchCrd.Group, SearchCrd.Version, SearchCrd.Plural, SearchCrd.Kind);
        _client = new SearchClient(_api.CreateClient());
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private static SearchResource NewSearch(string name, string algorithm = "energy-detection") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [SearchCrd.AlgorithmLabel] = algorithm } },
        Spec = new SearchResourceSpec { Observation = "obs-1", Input = "gs://in/obs-1.h5", Algorithm = algorithm, Output = "gs://out", Params = new() { ["k"] = "v" } },
    };

    [Fact]
    public async Task CreateAsync_New_ThenDuplicate_ReturnsExistingNotCreated()
    {
        var first = await _client.CreateAsync(Ns, NewSearch("s1"), Ct);
        Assert.True(first.Created);
        Assert.False(string.IsNullOrEmpty(first.Search.Metadata.Uid));
        Assert.Equal("v", first.Search.Spec.Params["k"]);

        var again = await _client.CreateAsync(Ns, NewSearch("s1"), Ct);
        Assert.False(again.Created);
        Assert.Equal(first.Search.Metadata.Uid, again.Search.Metadata.Uid);
        Assert.Single(_api.List("reservoir.io/v1alpha1/searches", Ns));
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull() => Assert.Null(await _client.GetAsync(Ns, "none", Ct));

    [Fact]
    public async Task ReplaceStatusAsync_Fresh_Writes_Stale_ThrowsConflict()
    {
        var created = (await _client.CreateAsync(Ns, NewSearch("s2"), Ct)).Search;
        created.Status = new SearchResourceStatus { Phase = SearchPhase.Running, Attempts = 1, StartedAt = DateTimeOffset.Parse("2025-01-02T03:04:05Z") };
        var written = await _client.ReplaceStatusAsync(Ns, created, Ct);
        Assert.NotNull(written);
        Assert.NotEqual(created.Metadata.ResourceVersion, written.Metadata.ResourceVersion);

        var read = await _client.GetAsync(Ns, "s2", Ct);
        Assert.Equal(SearchPhase.Running, read!.Status!.Phase);
        Assert.Equal(DateTimeOffset.Parse("2025-01-02T03:04:05Z"), read.Status.StartedAt);

        created.Status.Phase = SearchPhase.Failed; // still carries the old resourceVersion
        var conflict = await Assert.ThrowsAsync<SearchConflictException>(() => _client.ReplaceStatusAsync(Ns, created, Ct));
        Assert.Equal("s2", conflict.Name);
        Assert.Equal(SearchPhase.Running, (await _client.GetAsync(Ns, "s2", Ct))!.Status!.Phase);
    }

    [Fact]
    public async Task ReplaceStatusAsync_Deleted_ReturnsNull()
    {
        var created = (await _client.CreateAsync(Ns, NewSearch("s3"), Ct)).Search;
        Assert.True(await _client.DeleteAsync(Ns, "s3", Ct));
        Assert.False(await _client.DeleteAsync(Ns, "s3", Ct));
        created.Status = new SearchResourceStatus { Phase = SearchPhase.Running };
        Assert.Null(await _client.ReplaceStatusAsync(Ns, created, Ct));
    }

    [Fact]
    public async Task ListAsync_SelectorAndPages_ListAllReadsEveryPage()
    {
        for (var i = 0; i < 5; i++) await _client.CreateAsync(Ns, NewSearch($"ed-{i}"), Ct);
        for (var i = 0; i < 2; i++) await _client.CreateAsync(Ns, NewSearch($"cnn-{i}", "cnn-classifier"), Ct);

        var page = await _client.ListAsync(Ns, $"{SearchCrd.AlgorithmLabel}=energy-detection", limit: 2, cancellationToken: Ct);
        Assert.Equal(2, page.Items.Count);
        Assert.False(string.IsNullOrEmpty(page.Metadata.ContinueProperty));
        Assert.False(string.IsNullOrEmpty(page.Metadata.ResourceVersion));

        var all = await _client.ListAllAsync(Ns, $"{SearchCrd.AlgorithmLabel}=energy-detection", pageSize: 2, Ct);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"ed-{i}").Order(), all.Select(s => s.Metadata.Name).Order());
        Assert.Equal(7, (await _client.ListAllAsync(Ns, cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task CreateAsync_ServerError_PropagatesAsTransient()
    {
        _api.Faults.Add(new FaultRule { Kind = FaultKind.InternalError, Verb = "create", Resource = "searches", Count = 1 });
        var error = await Assert.ThrowsAnyAsync<Exception>(() => _client.CreateAsync(Ns, NewSearch("s4"), Ct));
        Assert.True(KubernetesErrors.IsTransient(error));
        Assert.True((await _client.CreateAsync(Ns, NewSearch("s4"), Ct)).Created);
    }
}
