using TorchSharp;
using static TorchSharp.torch;

namespace Reservoir.Algorithms.CnnClassifier.Models;

/// <summary>
/// A TorchScript module (any architecture exported from PyTorch) behind the same interface as the built-ins,
/// always in eval mode. The script is deliberately not a registered child: TorchSharp's recursive dispose
/// would visit the script's own submodules after they were freed.
/// </summary>
internal sealed class TorchScriptNetwork : nn.Module<Tensor, Tensor>
{
    private readonly jit.ScriptModule<Tensor, Tensor> _script;

    public TorchScriptNetwork(jit.ScriptModule<Tensor, Tensor> script) : base("TorchScript")
    {
        _script = script;
        _script.eval();
    }

    public override Tensor forward(Tensor input) => _script.call(input);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _script.Dispose();
        base.Dispose(disposing);
    }
}
