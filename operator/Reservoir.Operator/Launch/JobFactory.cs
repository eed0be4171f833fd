using k8s.Models;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Launch;

/// <summary>
/// The Job of a Search as ARCHITECTURE.md "Job" specifies it: one pod, restartPolicy Never, owned by the Search
/// (controller, blockOwnerDeletion: deleting the Search deletes the Job), image and resources from the registry
/// entry, runner exit code 2 fails the Job at once (podFailurePolicy) while other failures retry up to the
/// entry's backoffLimit, node disruptions do not count, non-root with a read-only root filesystem and a
/// <c>/scratch</c> emptyDir.
/// </summary>
public sealed class JobFactory : IJobFactory
{
    /// <summary>Name of the single container; podFailurePolicy rules refer to it.</summary>
    public const string ContainerName = "runner";

    /// <summary>Runner exit code for bad input or parameters (terminal).</summary>
    public const int BadInputExitCode = 2;

    public const string ScratchPath = "/scratch";

    private readonly JobSettings _settings;

    public JobFactory(JobSettings? settings = null)
    {
        _settings = settings ?? new JobSettings();
        _settings.Validate();
    }

    public V1Job Create(SearchResource search, AlgorithmEntry algorithm)
    {
        var name = search.Metadata.Name ?? throw new ArgumentException("the Search has no metadata.name", nameof(search));
        var uid = search.Metadata.Uid ?? throw new ArgumentException($"Search {name} has no metadata.uid (read it from the API server first)", nameof(search));
        if (search.Spec.Algorithm != algorithm.Name)
            throw new ArgumentException($"Search {name} asks for algorithm '{search.Spec.Algorithm}', not '{algorithm.Name}'", nameof(algorithm));

        var labels = new Dictionary<string, string>
        {
            [SearchCrd.SearchLabel] = name,
            [SearchCrd.AlgorithmLabel] = algorithm.Name,
            ["app.kubernetes.io/name"] = "reservoir-runner",
            ["app.kubernetes.io/managed-by"] = "reservoir-operator",
        };
        var annotations = new Dictionary<string, string> { [SearchCrd.ImageAnnotation] = algorithm.Image };

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = search.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = annotations,
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = SearchCrd.ApiVersion, Kind = SearchCrd.Kind, Name = name, Uid = uid,
                        Controller = true, BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = new V1JobSpec
            {
                Completions = 1,
                Parallelism = 1,
                BackoffLimit = algorithm.BackoffLimit,
                ActiveDeadlineSeconds = (long)Math.Ceiling(algorithm.Deadline.TotalSeconds),
                TtlSecondsAfterFinished = _settings.TtlSecondsAfterFinished,
                PodFailurePolicy = FailurePolicy(),
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels, Annotations = annotations },
                    Spec = PodSpec(search, algorithm),
                },
            },
        };
    }

    /// <summary>The runner's arguments (the image's entrypoint is the runner); registry defaults under Search params.</summary>
    public static IReadOnlyList<string> Arguments(SearchResource search, AlgorithmEntry algorithm)
    {
        var args = new List<string>
        {
            "run", "--algorithm", algorithm.Name, "--input", search.Spec.Input, "--output", search.Spec.Output,
            "--observation", search.Spec.Observation,
        };
        foreach (var (k, v) in MergedParams(search, algorithm)) args.AddRange(["--param", $"{k}={v}"]);
        args.AddRange(algorithm.ExtraArgs);
        return args;
    }

    /// <summary>The registry's default parameters overlaid by the Search's own, sorted by name.</summary>
    public static SortedDictionary<string, string> MergedParams(SearchResource search, AlgorithmEntry algorithm)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in algorithm.DefaultParams) merged[k] = v;
        foreach (var (k, v) in search.Spec.Params) merged[k] = v;
        return merged;
    }

    private static V1PodFailurePolicy FailurePolicy() => new()
    {
        Rules =
        [
            new V1PodFailurePolicyRule
            {
                Action = "FailJob",
                OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement
                {
                    ContainerName = ContainerName, OperatorProperty = "In", Values = [BadInputExitCode],
                },
            },
            new V1PodFailurePolicyRule
            {
                Action = "Ignore",
                OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = "DisruptionTarget", Status = "True" }],
            },
        ],
    };

    private V1PodSpec PodSpec(SearchResource search, AlgorithmEntry algorithm) => new()
    {
        RestartPolicy = "Never",
        ServiceAccountName = _settings.ServiceAccountName,
        AutomountServiceAccountToken = false, // the runner never talks to the API server
        SecurityContext = new V1PodSecurityContext
        {
            RunAsNonRoot = true,
            RunAsUser = _settings.RunAsUser,
            RunAsGroup = _settings.RunAsUser,
            FsGroup = _settings.RunAsUser,
            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
        },
        NodeSelector = algorithm.NodeSelector.Count == 0 ? null : new Dictionary<string, string>(algorithm.NodeSelector),
        Tolerations = algorithm.Tolerations.Count == 0
            ? null
            : algorithm.Tolerations.Select(t => new V1Toleration
            {
                Key = t.Key, OperatorProperty = t.Operator, Value = t.Value, Effect = t.Effect, TolerationSeconds = t.TolerationSeconds,
            }).ToList(),
        Volumes =
        [
            new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity(_settings.ScratchSizeLimit) } },
        ],
        Containers = [Container(search, algorithm)],
    };

    private V1Container Container(SearchResource search, AlgorithmEntry algorithm)
    {
        var env = new List<V1EnvVar>
        {
            new() { Name = "RESERVOIR_TERMINATION_MESSAGE_PATH", Value = _settings.TerminationMessagePath },
            new() { Name = "TMPDIR", Value = ScratchPath },
            new() { Name = "RESERVOIR_SEARCH", Value = search.Metadata.Name },
        };
        env.AddRange(_settings.ExtraEnv.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new V1EnvVar { Name = e.Key, Value = e.Value }));

        return new V1Container
        {
            Name = ContainerName,
            Image = algorithm.Image,
            ImagePullPolicy = _settings.ImagePullPolicy,
            Args = Arguments(search, algorithm).ToList(),
            Env = env,
            EnvFrom = _settings.EnvSecretName is null ? null : [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = _settings.EnvSecretName } }],
            Resources = Resources(algorithm),
            TerminationMessagePath = _settings.TerminationMessagePath,
            TerminationMessagePolicy = "FallbackToLogsOnError", // a crash before the runner writes its line still leaves a reason
            VolumeMounts = [new V1VolumeMount { Name = "scratch", MountPath = ScratchPath }],
            SecurityContext = new V1SecurityContext
            {
                RunAsNonRoot = true,
                AllowPrivilegeEscalation = false,
                ReadOnlyRootFilesystem = true,
                Capabilities = new V1Capabilities { Drop = ["ALL"] },
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            },
        };
    }

    private static V1ResourceRequirements Resources(AlgorithmEntry algorithm)
    {
        var requests = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(algorithm.Cpu),
            ["memory"] = new(algorithm.Memory),
        };
        var limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new(algorithm.Memory) };
        if (algorithm.CpuLimit is { } cpuLimit) limits["cpu"] = new(cpuLimit);
        if (algorithm.Gpus > 0)
        {
            // Extended resources must have request = limit.
            requests["nvidia.com/gpu"] = new(algorithm.Gpus.ToString(System.Globalization.CultureInfo.InvariantCulture));
            limits["nvidia.com/gpu"] = new(algorithm.Gpus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return new V1ResourceRequirements { Requests = requests, Limits = limits };
    }
}
