using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.Operator.Tests.Support;

/// <summary>
/// One Pub/Sub emulator for the end-to-end, reliability and RBAC tests. Each test runs whole operator processes,
/// so the classes of this collection run one at a time (and beside, not inside, the intake tests' collection).
/// </summary>
[CollectionDefinition(Name)]
public sealed class OperatorEndToEndCollection : ICollectionFixture<PubSubEmulatorFixture>
{
    public const string Name = "operator-end-to-end";
}
