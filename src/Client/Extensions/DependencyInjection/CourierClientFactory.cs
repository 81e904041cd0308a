using System.Collections.Concurrent;
using Courier.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.DependencyInjection;

/// <summary>One transport chain per name, built on first use and disposed with the container.</summary>
internal sealed class CourierClientFactory : ICourierClientFactory, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<CourierClientRegistration> _registrations;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ConcurrentDictionary<string, Lazy<Pipeline>> _pipelines = new(StringComparer.Ordinal);
    private int _disposed;

    public CourierClientFactory(IServiceProvider services, IOptionsMonitor<CourierClientRegistration> registrations)
    {
        _services = services;
        _registrations = registrations;
        _loggerFactory = services.GetService<ILoggerFactory>();
    }

    public Client CreateClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var pipeline = _pipelines.GetOrAdd(name, n => new Lazy<Pipeline>(() => Build(n))).Value;
        return new Client(pipeline.Options);
    }

    private Pipeline Build(string name)
    {
        var registration = _registrations.Get(name);
        if (!registration.IsRegistered || registration.Resolved is null)
        {
            throw new InvalidOperationException($"No Courier client named '{name}' is registered; call services.AddCourierClient(\"{name}\") at startup.");
        }

        var options = registration.Resolved;
        var owned = new List<HttpMessageHandler>();
        HttpMessageHandler transport;
        if (registration.Transport is { } create)
        {
            transport = create(_services, options);
            if (registration.DisposeTransport)
            {
                owned.Add(transport);
            }
        }
        else
        {
            transport = new HttpTransport(options);
            owned.Add(transport);
        }

        foreach (var wrap in registration.TransportWrappers)
        {
            transport = wrap(_services, transport);
            owned.Add(transport);
        }

        var observer = options.Observer;
        if (_loggerFactory is not null)
        {
            observer = new LoggingClientObserver(_loggerFactory.CreateLogger(LoggingClientObserver.CategoryPrefix + name), next: observer);
        }

        return new Pipeline(options with { Transport = transport, Observer = observer }, owned);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var lazy in _pipelines.Values)
        {
            if (!lazy.IsValueCreated)
            {
                continue;
            }

            for (var i = lazy.Value.Owned.Count - 1; i >= 0; i--)
            {
                lazy.Value.Owned[i].Dispose();
            }
        }
    }

    private sealed record Pipeline(ClientOptions Options, List<HttpMessageHandler> Owned);
}
