using Reservoir.Algorithms.CnnClassifier.Models.Architectures;
using Reservoir.Algorithms.CnnClassifier.Models.StateDict;
using Reservoir.Algorithms.CnnClassifier.Runtime;
using Reservoir.Sdk;
using TorchSharp;
using static TorchSharp.torch;

namespace Reservoir.Algorithms.CnnClassifier.Models;

/// <summary>
/// A loaded network in eval mode on its device, with its sidecar. <see cref="Probabilities"/> maps a batch of
/// inputs (batch, <see cref="ModelSidecar.InputShape"/>…) to class probabilities (batch, classes).
/// </summary>
public sealed class ClassifierModel : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _network;

    private ClassifierModel(ModelSidecar sidecar, nn.Module<Tensor, Tensor> network, Device device)
    {
        Sidecar = sidecar;
        _network = network;
        Device = device;
    }

    public ModelSidecar Sidecar { get; }
    public Device Device { get; }

    /// <summary>Loads the sidecar at <paramref name="sidecarPath"/> and its weights; CUDA when allowed and present.</summary>
    public static ClassifierModel Load(string sidecarPath, bool allowCuda = true) => Load(ModelSidecar.Load(sidecarPath), allowCuda);

    public static ClassifierModel Load(ModelSidecar sidecar, bool allowCuda = true)
    {
        var device = TorchRuntime.PreferredDevice(allowCuda);
        var network = sidecar.Architecture == ModelArchitecture.TorchScript ? LoadTorchScript(sidecar, device) : LoadBuiltIn(sidecar, device);
        network.eval();
        return new ClassifierModel(sidecar, network, device);
    }

    /// <summary>The untrained built-in network a sidecar describes (for training or weight loading).</summary>
    public static nn.Module<Tensor, Tensor> CreateBuiltIn(ModelSidecar sidecar)
    {
        var classes = sidecar.ClassNames.Count;
        return sidecar.Architecture switch
        {
            ModelArchitecture.Vgg16 => new Vgg(VggLayout.Vgg16(sidecar.Channels, classes)),
            ModelArchitecture.Vgg => new Vgg(new VggLayout(sidecar.VggFeatures!, sidecar.Channels, classes, sidecar.VggHidden, sidecar.VggPoolSize)),
            ModelArchitecture.Cnn1d => new Cnn1d(sidecar.Channels, classes),
            _ => throw new ArgumentOutOfRangeException(nameof(sidecar), sidecar.Architecture, "not a built-in architecture"),
        };
    }

    /// <summary>Class probabilities for <paramref name="batch"/>; the result is on the CPU.</summary>
    public Tensor Probabilities(Tensor batch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var output = _network.call(batch.to(Device));
        var classes = Sidecar.ClassNames.Count;
        if (output.dim() != 2 || output.shape[0] != batch.shape[0] || output.shape[1] != classes)
            throw new BadInputException($"model {Sidecar.WeightsPath}: output shape [{string.Join(", ", output.shape)}] is not (batch {batch.shape[0]}, {classes} classes from the sidecar)");
        var probabilities = Sidecar.OutputsProbabilities ? output : nn.functional.softmax(output.to(float64), 1).to(float32);
        return probabilities.cpu().MoveToOuterDisposeScope();
    }

    public void Dispose() => _network.Dispose();

    private static nn.Module<Tensor, Tensor> LoadTorchScript(ModelSidecar sidecar, Device device)
    {
        try { return new TorchScriptNetwork(jit.load<Tensor, Tensor>(sidecar.WeightsPath, device.type, device.index)); }
        catch (Exception e) when (e is not BadInputException)
        {
            throw new BadInputException($"model {sidecar.WeightsPath}: not a loadable TorchScript file ({e.Message})", e);
        }
    }

    private static nn.Module<Tensor, Tensor> LoadBuiltIn(ModelSidecar sidecar, Device device)
    {
        var network = CreateBuiltIn(sidecar);
        if (PyTorchStateDictFile.LooksLikeZip(sidecar.WeightsPath)) StateDictLoader.Apply(network, PyTorchStateDictFile.Read(sidecar.WeightsPath), sidecar.WeightsPath);
        else
        {
            try { network.load(sidecar.WeightsPath, strict: true); }
            catch (Exception e) when (e is not BadInputException)
            {
                throw new BadInputException($"model {sidecar.WeightsPath}: not TorchSharp weights for {sidecar.Architecture} ({e.Message})", e);
            }
        }
        return network.to(device);
    }
}
