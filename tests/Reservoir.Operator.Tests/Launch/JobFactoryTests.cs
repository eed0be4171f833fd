using k8s;
using k8s.Models;
using Reservoir.Operator.Launch;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;
using Xunit;

namespace Reservoir.Operator.Tests.Launch;

public sealed class JobFactoryTests
{
    private static readonly AlgorithmEntry Gpu = new()
    {
        Name = "cnn-classifier",
        Image = "ghcr.io/example/cnn:2.0",
        ExtraArgs = ["--batch", "8"],
        Cpu = "4",
        Memory = "16Gi",
        CpuLimit = "8",
        Gpus = 2,
        Deadline = TimeSpan.FromMinutes(90),
        BackoffLimit = 3,
        DefaultParams = new Dictionary<string, string> { ["model"] = "vgg16", ["threshold"] = "0.5" },
        NodeSelector = new Dictionary<string, string> { ["cloud.google.com/gke-accelerator"] = "nvidia-l4" },
        Tolerations = [new("nvidia.com/gpu", "Exists", null, "NoSchedule")],
    };

    private static readonly AlgorithmEntry Cpu = new() { Name = "energy-detection", Image = "runner:1" };

    private static SearchResource Search(string algorithm, Dictionary<string, string>? parameters = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "obs-1-" + algorithm + "-0123456789", NamespaceProperty = "reservoir", Uid = "uid-42" },
        Spec = new SearchResourceSpec
        {
            Observation = "obs.1", Input = "gs://in/obs.1.h5", Algorithm = algorithm, Output = "gs://out", Params = parameters ?? [],
        },
    };

    [Fact]
    public void Create_Metadata_NamedAsSearchOwnedLabelledAnnotated()
    {
        var search = Search(Gpu.Name);
        var job = new JobFactory().Create(search, Gpu);

        Assert.Equal(search.Metadata.Name, job.Metadata.Name);
        Assert.Equal("reservoir", job.Metadata.NamespaceProperty);
        Assert.Equal(search.Metadata.Name, job.Metadata.Labels[SearchCrd.SearchLabel]);
        Assert.Equal(Gpu.Name, job.Metadata.Labels[SearchCrd.AlgorithmLabel]);
        Assert.Equal(Gpu.Image, job.Metadata.Annotations[SearchCrd.ImageAnnotation]);
        Assert.Equal(search.Metadata.Name, job.Spec.Template.Metadata.Labels[SearchCrd.SearchLabel]);
        var owner = Assert.Single(job.Metadata.OwnerReferences);
        Assert.Equal((SearchCrd.ApiVersion, SearchCrd.Kind, search.Metadata.Name, "uid-42", true, true),
            (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
    }

    [Fact]
    public void Create_JobSpec_DeadlineBackoffTtlAndFailurePolicy()
    {
        var job = new JobFactory(new JobSettings { TtlSecondsAfterFinished = 600 }).Create(Search(Gpu.Name), Gpu);
        Assert.Equal(5400, job.Spec.ActiveDeadlineSeconds);
        Assert.Equal(3, job.Spec.BackoffLimit);
        Assert.Equal(600, job.Spec.TtlSecondsAfterFinished);
        Assert.Equal((1, 1), (job.Spec.Completions, job.Spec.Parallelism));
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);

        var rules = job.Spec.PodFailurePolicy.Rules;
        Assert.Equal(2, rules.Count);
        Assert.Equal("FailJob", rules[0].Action);
        Assert.Equal((JobFactory.ContainerName, "In"), (rules[0].OnExitCodes.ContainerName, rules[0].OnExitCodes.OperatorProperty));
        Assert.Equal([2], rules[0].OnExitCodes.Values);
        Assert.Equal("Ignore", rules[1].Action);
        Assert.Equal(("DisruptionTarget", "True"), (rules[1].OnPodConditions[0].Type, rules[1].OnPodConditions[0].Status));
    }

    [Fact]
    public void Create_Resources_GpuRequestEqualsLimit_MemoryLimited()
    {
        var resources = new JobFactory().Create(Search(Gpu.Name), Gpu).Spec.Template.Spec.Containers.Single().Resources;
        Assert.Equal("4", resources.Requests["cpu"].ToString());
        Assert.Equal("16Gi", resources.Requests["memory"].ToString());
        Assert.Equal("16Gi", resources.Limits["memory"].ToString());
        Assert.Equal("8", resources.Limits["cpu"].ToString());
        Assert.Equal("2", resources.Requests["nvidia.com/gpu"].ToString());
        Assert.Equal("2", resources.Limits["nvidia.com/gpu"].ToString());
    }

    [Fact]
    public void Create_CpuAlgorithm_NoGpuNoCpuLimitNoPlacement()
    {
        var pod = new JobFactory().Create(Search(Cpu.Name), Cpu).Spec.Template.Spec;
        var resources = pod.Containers.Single().Resources;
        Assert.False(resources.Requests.ContainsKey("nvidia.com/gpu"));
        Assert.False(resources.Limits.ContainsKey("nvidia.com/gpu"));
        Assert.False(resources.Limits.ContainsKey("cpu"));
        Assert.Null(pod.NodeSelector);
        Assert.Null(pod.Tolerations);
    }

    [Fact]
    public void Create_Security_NonRootReadOnlyNoCapabilitiesSeccomp()
    {
        var pod = new JobFactory().Create(Search(Cpu.Name), Cpu).Spec.Template.Spec;
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(10001, pod.SecurityContext.RunAsUser);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(pod.AutomountServiceAccountToken);
        var security = pod.Containers.Single().SecurityContext;
        Assert.True(security.ReadOnlyRootFilesystem);
        Assert.False(security.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], security.Capabilities.Drop);
        Assert.True(security.RunAsNonRoot);
    }

    [Fact]
    public void Create_Container_ArgsEnvScratchAndTerminationMessage()
    {
        var settings = new JobSettings
        {
            ScratchSizeLimit = "5Gi", ServiceAccountName = "runner", EnvSecretName = "reservoir-gcs",
            ExtraEnv = new Dictionary<string, string> { ["RESERVOIR_GCS_ENDPOINT"] = "http://gcs:9199" },
        };
        var search = Search(Gpu.Name, new Dictionary<string, string> { ["threshold"] = "0.9", ["extra"] = "x" });
        var pod = new JobFactory(settings).Create(search, Gpu).Spec.Template.Spec;
        var container = pod.Containers.Single();

        Assert.Equal(Gpu.Image, container.Image);
        Assert.Equal(
            ["run", "--algorithm", "cnn-classifier", "--input", "gs://in/obs.1.h5", "--output", "gs://out", "--observation", "obs.1",
             "--param", "extra=x", "--param", "model=vgg16", "--param", "threshold=0.9", "--batch", "8"],
            container.Args);
        Assert.Null(container.Command); // the image's entrypoint is the runner
        var env = container.Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("/dev/termination-log", env["RESERVOIR_TERMINATION_MESSAGE_PATH"]);
        Assert.Equal("/dev/termination-log", container.TerminationMessagePath);
        Assert.Equal("/scratch", env["TMPDIR"]);
        Assert.Equal("http://gcs:9199", env["RESERVOIR_GCS_ENDPOINT"]);
        Assert.Equal("reservoir-gcs", container.EnvFrom.Single().SecretRef.Name);
        Assert.Equal("runner", pod.ServiceAccountName);
        var mount = container.VolumeMounts.Single();
        var volume = pod.Volumes.Single(v => v.Name == mount.Name);
        Assert.Equal("/scratch", mount.MountPath);
        Assert.Equal("5Gi", volume.EmptyDir.SizeLimit.ToString());
        Assert.Equal("nvidia-l4", pod.NodeSelector["cloud.google.com/gke-accelerator"]);
        Assert.Equal(("nvidia.com/gpu", "Exists", "NoSchedule"), (pod.Tolerations[0].Key, pod.Tolerations[0].OperatorProperty, pod.Tolerations[0].Effect));
    }

    [Fact]
    public void Create_SearchWithoutUid_Throws()
    {
        var search = Search(Cpu.Name);
        search.Metadata.Uid = null;
        var error = Assert.Throws<ArgumentException>(() => new JobFactory().Create(search, Cpu));
        Assert.Contains("metadata.uid", error.Message);
    }

    [Fact]
    public void Create_OtherAlgorithmsEntry_Throws() =>
        Assert.Throws<ArgumentException>(() => new JobFactory().Create(Search(Cpu.Name), Gpu));

    [Theory]
    [InlineData(-1, "10Gi", "/dev/termination-log", "ttlSecondsAfterFinished")]
    [InlineData(60, "ten", "/dev/termination-log", "scratch size 'ten'")]
    [InlineData(60, "10Gi", "termination-log", "must be absolute")]
    public void JobSettings_Invalid_ThrowsNamingField(int ttl, string scratch, string terminationPath, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new JobFactory(new JobSettings
        {
            TtlSecondsAfterFinished = ttl, ScratchSizeLimit = scratch, TerminationMessagePath = terminationPath,
        }));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Serialized_GpuAndCpuJobs_PassKubernetesSchemaValidation()
    {
        var settings = new JobSettings { EnvSecretName = "creds", ServiceAccountName = "runner", ExtraEnv = new Dictionary<string, string> { ["A"] = "b" } };
        foreach (var (entry, parameters) in new[] { (Gpu, new Dictionary<string, string> { ["k"] = "v" }), (Cpu, []) })
        {
            var json = KubernetesJson.Serialize(new JobFactory(settings).Create(Search(entry.Name, parameters), entry));
            Assert.Null(await KubernetesModelsValidator.ValidateAsync(json));
        }
    }

    [Fact]
    public async Task Validator_BrokenJob_IsRejected()
    {
        var job = new JobFactory().Create(Search(Cpu.Name), Cpu);
        var json = KubernetesJson.Serialize(job).Replace("\"restartPolicy\":\"Never\"", "\"restartPolicy\":42", StringComparison.Ordinal);
        Assert.Contains("restartPolicy", await KubernetesModelsValidator.ValidateAsync(json));
    }
}
