using System.Text;
using Courier.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Courier.Logging;

/// <summary>
/// Logs a client's requests through <see cref="ILogger"/>: one line per logical request at Information (method, URL
/// with secrets redacted, status, elapsed, hops), a failed one at Warning with Courier's exception name, and each hop's
/// request and response heads at Debug with credential, cookie and API-key values redacted
/// (<see cref="Redaction"/>). The DI integration installs one per named client; without DI set it yourself:
/// <c>new ClientOptions { Observer = new LoggingClientObserver(logger) }</c>.
/// </summary>
public sealed partial class LoggingClientObserver : ClientObserver
{
    /// <summary>The category prefix of the named clients' loggers: <c>Courier.Client.&lt;name&gt;</c>.</summary>
    public const string CategoryPrefix = "Courier.Client.";

    private readonly ILogger _logger;
    private readonly ClientObserver? _next;

    /// <summary>Creates an observer writing to <paramref name="logger"/>.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="next">Another observer that sees every callback too (null: none).</param>
    public LoggingClientObserver(ILogger logger, ClientObserver? next = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _next = next;
    }

    /// <inheritdoc />
    public override bool IsEnabled => _logger.IsEnabled(LogLevel.Information) || _logger.IsEnabled(LogLevel.Debug) || _next is { IsEnabled: true };

    /// <inheritdoc />
    public override void OnHopStarting(HopStartingArguments arguments)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var request = arguments.Request;
            var url = Redaction.Url(request.Url);
            var headers = FormatHeaders(request.Headers);
            LogRequestHead(_logger, arguments.Index, request.Method, url, headers);
        }

        _next?.OnHopStarting(arguments);
    }

    /// <inheritdoc />
    public override void OnHopCompleted(HopCompletedArguments arguments)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            if (arguments.Response is { } response)
            {
                var headers = FormatHeaders(response.Headers);
                var elapsed = arguments.Elapsed.TotalMilliseconds;
                LogResponseHead(_logger, arguments.Index, response.HttpVersion, response.StatusCode, response.ReasonPhrase, elapsed, headers);
            }
            else
            {
                var error = TelemetryName(arguments.Error);
                var elapsed = arguments.Elapsed.TotalMilliseconds;
                LogHopFailed(_logger, arguments.Index, error, elapsed);
            }
        }

        _next?.OnHopCompleted(arguments);
    }

    /// <inheritdoc />
    public override void OnRequestCompleted(RequestCompletedArguments arguments)
    {
        var request = arguments.Request;
        if (arguments.Response is { } response)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var url = Redaction.Url(request.Url);
                var elapsed = arguments.Elapsed.TotalMilliseconds;
                LogRequest(_logger, request.Method, url, response.StatusCode, elapsed, arguments.Hops);
            }
        }
        else if (_logger.IsEnabled(LogLevel.Warning))
        {
            var url = Redaction.Url(request.Url);
            var error = TelemetryName(arguments.Error);
            var elapsed = arguments.Elapsed.TotalMilliseconds;
            LogRequestFailed(_logger, request.Method, url, error, elapsed, arguments.Hops);
        }

        _next?.OnRequestCompleted(arguments);
    }

    private static string TelemetryName(Exception? error)
    {
        if (error is null)
        {
            return "unknown error";
        }

        var type = error.GetType();
        return type.Namespace == "Courier" ? type.Name : type.FullName ?? type.Name;
    }

    private static string FormatHeaders(Headers headers)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in headers)
        {
            text.Append("\n  ").Append(name).Append(": ").Append(Redaction.HeaderValue(name, value));
        }

        return text.ToString();
    }

    [LoggerMessage(EventId = 1, EventName = "RequestCompleted", Level = LogLevel.Information, Message = "HTTP {Method} {Url} responded {StatusCode} in {ElapsedMilliseconds:0.0} ms ({Hops} hop(s))")]
    private static partial void LogRequest(ILogger logger, string method, string url, int statusCode, double elapsedMilliseconds, int hops);

    [LoggerMessage(EventId = 2, EventName = "RequestFailed", Level = LogLevel.Warning, Message = "HTTP {Method} {Url} failed with {ErrorType} after {ElapsedMilliseconds:0.0} ms ({Hops} hop(s))")]
    private static partial void LogRequestFailed(ILogger logger, string method, string url, string errorType, double elapsedMilliseconds, int hops);

    [LoggerMessage(EventId = 3, EventName = "RequestHead", Level = LogLevel.Debug, Message = "Hop {Hop} sending {Method} {Url}{Headers}")]
    private static partial void LogRequestHead(ILogger logger, int hop, string method, string url, string headers);

    [LoggerMessage(EventId = 4, EventName = "ResponseHead", Level = LogLevel.Debug, Message = "Hop {Hop} received {HttpVersion} {StatusCode} {ReasonPhrase} in {ElapsedMilliseconds:0.0} ms{Headers}")]
    private static partial void LogResponseHead(ILogger logger, int hop, string httpVersion, int statusCode, string reasonPhrase, double elapsedMilliseconds, string headers);

    [LoggerMessage(EventId = 5, EventName = "HopFailed", Level = LogLevel.Debug, Message = "Hop {Hop} failed with {ErrorType} after {ElapsedMilliseconds:0.0} ms")]
    private static partial void LogHopFailed(ILogger logger, int hop, string errorType, double elapsedMilliseconds);
}
