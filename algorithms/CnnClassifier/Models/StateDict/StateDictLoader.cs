using Reservoir.Sdk;
using TorchSharp;
using static TorchSharp.torch;

namespace Reservoir.Algorithms.CnnClassifier.Models.StateDict;

/// <summary>Copies named tensors into a module's parameters and buffers, strictly (same names, same shapes).</summary>
public static class StateDictLoader
{
    /// <summary>Disposes <paramref name="tensors"/>. Missing, unexpected or mis-shaped entries are a <see cref="BadInputException"/>.</summary>
    public static void Apply(nn.Module module, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, string source)
    {
        try
        {
            var targets = module.state_dict();
            var given = tensors.ToDictionary(p => p.Key, p => p.Value);
            var missing = targets.Keys.Where(k => !given.ContainsKey(k)).ToList();
            var unexpected = given.Keys.Where(k => !targets.ContainsKey(k)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new BadInputException($"{source}: state_dict does not match the {module.GetName()} architecture; missing: [{string.Join(", ", missing)}], unexpected: [{string.Join(", ", unexpected)}]");
            using var noGrad = no_grad();
            foreach (var (name, target) in targets)
            {
                var value = given[name];
                if (!target.shape.SequenceEqual(value.shape))
                    throw new BadInputException($"{source}: '{name}' has shape [{string.Join(", ", value.shape)}], the model expects [{string.Join(", ", target.shape)}]");
                target.copy_(value);
            }
        }
        finally
        {
            foreach (var (_, tensor) in tensors) tensor.Dispose();
        }
    }
}
