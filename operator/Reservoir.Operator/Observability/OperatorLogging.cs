using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Reservoir.Operator.Observability;

/// <summary>Log formats: readable single lines for a terminal, or one JSON object per line for a log pipeline.</summary>
public enum LogFormat { Text, Json }

/// <summary>The operator's logger factory: console, structured (message template properties kept as fields in JSON).</summary>
public static class OperatorLogging
{
    public static ILoggerFactory Create(LogFormat format, LogLevel minimum) =>
        LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(minimum);
            if (format == LogFormat.Json)
                builder.AddJsonConsole(o =>
                {
                    o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
                    o.UseUtcTimestamp = true;
                    o.IncludeScopes = true;
                });
            else
                builder.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss.fff ";
                    o.UseUtcTimestamp = true;
                    o.ColorBehavior = LoggerColorBehavior.Disabled;
                });
        });
}
