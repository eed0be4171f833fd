using Microsoft.AspNetCore.Http;

namespace Reservoir.Web.Hosting;

/// <summary>The site is read-only: every method but GET and HEAD gets 405 with <c>Allow: GET, HEAD</c>, before routing.</summary>
internal static class ReadOnlyMethods
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            await next();
            return;
        }
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = "GET, HEAD";
        await context.Response.WriteAsync("the results site is read-only: only GET and HEAD are allowed\n");
    }
}
