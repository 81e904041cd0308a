using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Courier.Mocking.Server;

/// <summary>
/// Hears Kestrel refuse a request before any middleware runs (a request line over the limit: 414; a header block or
/// header count over the limit: 431; malformed framing: 400). Kestrel reports each as a <see cref="BadHttpRequestException"/>
/// at Debug level in the <see cref="Category"/> log category; this provider, registered on the server's own host only,
/// turns them into rejected journal entries. Exceptions the middleware already journalled (a malformed body it was
/// reading) are skipped, so each refusal is journalled once.
/// </summary>
internal sealed class RejectionLog(Action<int, string> onRejected) : ILoggerProvider, ILogger
{
    public const string Category = "Microsoft.AspNetCore.Server.Kestrel.BadRequests";

    private readonly ConditionalWeakTable<Exception, object> _journalled = [];

    /// <summary>Marks an exception the middleware journalled itself.</summary>
    public void Journalled(Exception exception) => _journalled.AddOrUpdate(exception, this);

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? this : NullLogger.Instance;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is BadHttpRequestException bad && !_journalled.TryGetValue(bad, out _))
        {
            onRejected(bad.StatusCode, bad.Message);
        }
    }

    public void Dispose()
    {
    }

    private sealed class NullLogger : ILogger
    {
        public static readonly NullLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
