using Xunit;
using Reservoir.Operator.Reconcile;

namespace Reservoir.Operator.Tests.Reconcile;

public sealed class SearchControllerOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass() => new SearchControllerOptions { Namespace = "reservoir" }.Validate();

    [Theory]
    [InlineData(0, 500, "Workers")]
    [InlineData(4, 0, "ListPageSize")]
    public void Validate_OutOfRange_ErrorNamesField(int workers, int pageSize, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => new SearchControllerOptions { Namespace = "n", Workers = workers, ListPageSize = pageSize }.Validate());
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void Validate_BackoffMaxBelowBase_ErrorNamesField()
    {
        var error = Assert.Throws<ArgumentException>(() => new SearchControllerOptions
        {
            Namespace = "n", FailureBackoffBase = TimeSpan.FromSeconds(5), FailureBackoffMax = TimeSpan.FromSeconds(1),
        }.Validate());
        Assert.Contains("FailureBackoffMax", error.Message);
    }

    [Fact]
    public void Validate_EmptyNamespace_Error() =>
        Assert.Contains("Namespace", Assert.Throws<ArgumentException>(() => new SearchControllerOptions { Namespace = " " }.Validate()).Message);
}
