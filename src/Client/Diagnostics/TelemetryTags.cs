using System.Diagnostics;

namespace Courier.Diagnostics;

/// <summary>OpenTelemetry attribute names and values for HTTP clients.</summary>
internal static class TelemetryTags
{
    public const string Method = "http.request.method";
    public const string MethodOriginal = "http.request.method_original";
    public const string StatusCode = "http.response.status_code";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string Scheme = "url.scheme";
    public const string FullUrl = "url.full";
    public const string ErrorType = "error.type";
    public const string ProtocolVersion = "network.protocol.version";
    public const string ResendCount = "http.request.resend_count";
    public const string HopKindTag = "courier.hop.kind";
    public const string HopCount = "courier.hop.count";

    /// <summary>The method as OpenTelemetry knows it: a standard method, else <c>_OTHER</c>.</summary>
    public static string NormalizeMethod(string method) => method switch
    {
        "GET" or "HEAD" or "POST" or "PUT" or "DELETE" or "CONNECT" or "OPTIONS" or "TRACE" or "PATCH" or "QUERY" => method,
        _ => "_OTHER",
    };

    /// <summary>The span name: the method, or <c>HTTP</c> for a non-standard one.</summary>
    public static string SpanName(string method) => NormalizeMethod(method) is "_OTHER" ? "HTTP" : method;

    /// <summary><c>HTTP/1.1</c> → <c>1.1</c>, <c>HTTP/2</c> → <c>2</c>.</summary>
    public static string ProtocolVersionOf(Response response) =>
        response.HttpVersion.StartsWith("HTTP/", StringComparison.Ordinal) ? response.HttpVersion[5..] : response.HttpVersion;

    /// <summary>A Courier exception by its type name (<c>ConnectTimeoutException</c>), any other by its full name.</summary>
    public static string ErrorTypeOf(Exception error)
    {
        var type = error.GetType();
        return type.Namespace == "Courier" ? type.Name : type.FullName ?? type.Name;
    }

    public static string HopKindText(HopKind kind) => kind switch
    {
        HopKind.Redirect => "redirect",
        HopKind.Auth => "auth",
        _ => "initial",
    };

    /// <summary>The request attributes every span and measurement carries.</summary>
    public static void AddRequestTags(Activity activity, Request request)
    {
        var method = NormalizeMethod(request.Method);
        activity.SetTag(Method, method);
        if (method == "_OTHER")
        {
            activity.SetTag(MethodOriginal, request.Method);
        }

        activity.SetTag(ServerAddress, request.Url.IdnHost);
        activity.SetTag(ServerPort, request.Url.Port);
        activity.SetTag(Scheme, request.Url.Scheme);
        activity.SetTag(FullUrl, Redaction.Url(request.Url));
    }

    /// <summary>Status, protocol and error attributes; a status of 400 or more or an exception marks the span as failed.</summary>
    public static void AddOutcomeTags(Activity activity, Response? response, Exception? error)
    {
        if (response is not null)
        {
            activity.SetTag(StatusCode, response.StatusCode);
            activity.SetTag(ProtocolVersion, ProtocolVersionOf(response));
            if (response.StatusCode >= 400)
            {
                activity.SetTag(ErrorType, response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }

        if (error is not null)
        {
            var type = ErrorTypeOf(error);
            activity.SetTag(ErrorType, type);
            activity.SetStatus(ActivityStatusCode.Error, type);
        }
    }

    /// <summary>The metric attributes (low cardinality: no URL).</summary>
    public static TagList MetricTags(Request request)
    {
        return new TagList
        {
            { Method, NormalizeMethod(request.Method) },
            { ServerAddress, request.Url.IdnHost },
            { ServerPort, request.Url.Port },
            { Scheme, request.Url.Scheme },
        };
    }
}
