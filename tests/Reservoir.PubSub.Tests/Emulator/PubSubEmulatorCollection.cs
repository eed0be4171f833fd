using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.PubSub.Tests.Emulator;

/// <summary>One real Pub/Sub emulator for every test class in this collection (their tests run one at a time).</summary>
[CollectionDefinition(Name)]
public sealed class PubSubEmulatorCollection : ICollectionFixture<PubSubEmulatorFixture>
{
    public const string Name = "pubsub-emulator";
}
