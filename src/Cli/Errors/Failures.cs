using System.Net.Sockets;
using System.Security.Authentication;

namespace Courier.Cli;

/// <summary>Turns a failure into the one line the command prints: <c>courier: error: connection refused: …</c>.</summary>
internal static class Failures
{
    public const int ExitCode = 1;

    /// <summary>Ctrl+C / SIGTERM, as shells report it (128 + SIGINT).</summary>
    public const int CancelledExitCode = 130;

    public static string Kind(Exception ex) => ex switch
    {
        ConnectTimeoutException => "connect timeout",
        ReadTimeoutException => "read timeout",
        WriteTimeoutException => "write timeout",
        PoolTimeoutException => "pool timeout",
        HttpTimeoutException or TimeoutException => "timeout",
        ProxyException => "proxy error",
        ConnectException when Has<AuthenticationException>(ex) || ex.Message.Contains("TLS", StringComparison.Ordinal) => "TLS error",
        ConnectException when Socket(ex) is SocketError.ConnectionRefused || ex.Message.Contains("refused", StringComparison.OrdinalIgnoreCase) => "connection refused",
        ConnectException when Socket(ex) is SocketError.HostNotFound or SocketError.TryAgain || ex.Message.Contains("resolve", StringComparison.OrdinalIgnoreCase) => "name resolution failed",
        ConnectException => "connect error",
        TooManyRedirectsException => "too many redirects",
        UnsupportedProtocolException => "unsupported protocol",
        ProtocolException => "protocol error",
        ReadException or WriteException or CloseException or NetworkException => "network error",
        DecodingException => "decoding error",
        InvalidUrlException => "invalid URL",
        UnauthorizedAccessException or IOException => "file error",
        CourierException => "request failed",
        _ => "unexpected error",
    };

    /// <summary>One line: the kind, then the message with line breaks folded.</summary>
    public static string OneLine(Exception ex) =>
        $"courier: error: {Kind(ex)}: {string.Join(' ', ex.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))}";

    public static void Report(TextWriter error, Exception ex, bool verbose)
    {
        error.WriteLine(OneLine(ex));
        if (verbose)
        {
            error.WriteLine(ex.ToString());
        }
    }

    private static bool Has<T>(Exception ex)
        where T : Exception
    {
        for (var current = (Exception?)ex; current is not null; current = current.InnerException)
        {
            if (current is T)
            {
                return true;
            }
        }

        return false;
    }

    private static SocketError? Socket(Exception ex)
    {
        for (var current = (Exception?)ex; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }
}
