namespace Reservoir.Operator.Reconcile.Jobs;

/// <summary>
/// What the controller keeps of one Job (issue 4: a record of a few hundred bytes instead of a V1Job of about
/// 1.4 KB, at 10,000 tracked Searches): identity, the owning Search's uid, the labels and annotation it reads,
/// the creation time and the status already read as a <see cref="JobOutcome"/>. Immutable; built by
/// <see cref="Watching.CacheProjections.Job"/> from a watched or created Job.
/// </summary>
/// <param name="OwnerSearchUid">The uid of the Search in the Job's ownerReferences (null when no Search owns it).</param>
/// <param name="Search">The <see cref="Resources.SearchCrd.SearchLabel"/> label (null when missing).</param>
/// <param name="Algorithm">The <see cref="Resources.SearchCrd.AlgorithmLabel"/> label (null when missing).</param>
/// <param name="Image">The <see cref="Resources.SearchCrd.ImageAnnotation"/> annotation (null when missing).</param>
internal sealed record CachedJob(
    string Namespace, string Name, string? ResourceVersion, string? OwnerSearchUid, string? Search, string? Algorithm,
    string? Image, DateTimeOffset? CreatedAt, JobOutcome Outcome);
