using System.Text.Json.Nodes;
using Reservoir.FakeKubernetes.Api;

namespace Reservoir.FakeKubernetes.Storage;

/// <summary>
/// One change in the store's history. <see cref="Object"/> is the object after the change (for DELETED, the
/// last state with the deletion's resourceVersion); <see cref="Previous"/> the object before it, so a filtered
/// watch can tell an object that stopped matching its selector (sent as DELETED) from one that changed.
/// Both are never mutated once stored.
/// </summary>
internal sealed record StoredEvent(long ResourceVersion, string Type, ResourceType Resource, JsonObject Object, JsonObject? Previous);
