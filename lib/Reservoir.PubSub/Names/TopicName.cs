namespace Reservoir.PubSub.Names;

/// <summary>A topic, <c>projects/{Project}/topics/{Topic}</c>; both parts are validated on construction.</summary>
public sealed record TopicName
{
    public TopicName(string project, string topic)
    {
        Project = ResourceId.CheckProject(project);
        Topic = ResourceId.Check(topic, "topic");
    }

    public string Project { get; }
    public string Topic { get; }

    /// <summary>The full resource name the REST API uses in paths and bodies.</summary>
    public string Path => $"projects/{Project}/topics/{Topic}";

    /// <summary>Reads <c>projects/P/topics/T</c>.</summary>
    public static TopicName Parse(string path)
    {
        var parts = path.Split('/');
        return parts is ["projects", var p, "topics", var t]
            ? new TopicName(p, t)
            : throw new FormatException($"'{path}' is not a topic name (projects/PROJECT/topics/TOPIC)");
    }

    public override string ToString() => Path;
}
