using Reservoir.FakeKubernetes.Api;

namespace Reservoir.FakeKubernetes.Faults;

/// <summary>
/// The failures the fake injects: an ordered list of rules (first match wins) drawn with a seeded random
/// source, so a given seed and request sequence injects the same faults. Safe to change while serving.
/// </summary>
public sealed class FaultPlan(int seed = 20240601)
{
    private readonly Lock _gate = new();
    private readonly List<(FaultRule Rule, int Used)> _rules = [];
    private Random _random = new(seed);

    /// <summary>How many faults have been injected since start or the last <see cref="Clear"/>.</summary>
    public int Injected { get; private set; }

    public FaultPlan Add(FaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Probability, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rule.Probability, 1.0);
        lock (_gate) _rules.Add((rule, 0));
        return this;
    }

    /// <summary>Removes every rule and restarts the random sequence from <paramref name="newSeed"/> (or the original seed).</summary>
    public void Clear(int? newSeed = null)
    {
        lock (_gate)
        {
            _rules.Clear();
            Injected = 0;
            _random = new Random(newSeed ?? seed);
        }
    }

    internal FaultRule? Pick(RequestInfo request)
    {
        lock (_gate)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, used) = _rules[i];
                if (rule.Verb is not null && rule.Verb != request.Verb) continue;
                if (rule.Resource is not null && rule.Resource != request.Resource) continue;
                if (rule.Subresource is not null && rule.Subresource != (request.Subresource ?? "")) continue;
                if (rule.Count is { } count && used >= count) continue;
                if (rule.Probability < 1.0 && _random.NextDouble() >= rule.Probability) continue;
                _rules[i] = (rule, used + 1);
                Injected++;
                return rule;
            }
            return null;
        }
    }
}
