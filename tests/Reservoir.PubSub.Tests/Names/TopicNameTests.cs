using Reservoir.PubSub.Names;
using Xunit;

namespace Reservoir.PubSub.Tests.Names;

public sealed class TopicNameTests
{
    [Fact]
    public void Path_AndParse_RoundTrip()
    {
        var topic = new TopicName("my-project", "observations");
        Assert.Equal("projects/my-project/topics/observations", topic.Path);
        Assert.Equal(topic, TopicName.Parse(topic.Path));
    }

    [Theory]
    [InlineData("ab", "3 to 255")]
    [InlineData("1abc", "start with a letter")]
    [InlineData("google-x", "goog")]
    [InlineData("a b c", "contains ' '")]
    public void Topic_Invalid_ThrowsNamingTheId(string id, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => new TopicName("p", id));
        Assert.Contains($"'{id}'", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Subscription_TooShort_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new SubscriptionName("p", "s1"));
        Assert.Contains("subscription ID 's1'", e.Message);
    }

    [Fact]
    public void Parse_NotATopicPath_Throws() => Assert.Throws<FormatException>(() => TopicName.Parse("projects/p/subscriptions/abc"));
}
