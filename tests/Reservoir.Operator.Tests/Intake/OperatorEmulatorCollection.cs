using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.Operator.Tests.Intake;

/// <summary>One real Pub/Sub emulator for the operator's intake and hosting tests (run one class at a time).</summary>
[CollectionDefinition(Name)]
public sealed class OperatorEmulatorCollection : ICollectionFixture<PubSubEmulatorFixture>
{
    public const string Name = "operator-pubsub-emulator";
}
