using System.Text.Json.Nodes;

namespace Reservoir.FakeKubernetes.Api;

/// <summary>
/// A request the fake refuses, carried to the response as a <c>kind: Status</c> body with the same code,
/// reason and message text the real server uses.
/// </summary>
internal sealed class ApiError(int code, string reason, string message, ResourceType? type = null, string? name = null)
    : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
            ["code"] = Code,
        };
        if (type is not null)
        {
            var details = new JsonObject { ["group"] = type.Group, ["kind"] = type.Plural };
            if (name is not null) details["name"] = name;
            status["details"] = details;
        }
        return status;
    }

    public static ApiError NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedName} \"{name}\" not found", type, name);

    public static ApiError AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedName} \"{name}\" already exists", type, name);

    public static ApiError Conflict(ResourceType type, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {type.QualifiedName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            type, name);

    public static ApiError Invalid(ResourceType type, string name, string why) =>
        new(422, "Invalid", $"{type.Kind} \"{name}\" is invalid: {why}", type, name);

    public static ApiError BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiError Gone(string message) => new(410, "Expired", message);
}
