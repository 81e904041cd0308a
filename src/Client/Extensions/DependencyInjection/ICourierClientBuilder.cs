using Microsoft.Extensions.DependencyInjection;

namespace Courier.DependencyInjection;

/// <summary>
/// Configures one named Courier client, as <c>IHttpClientBuilder</c> does for <c>IHttpClientFactory</c>: returned by
/// <c>AddCourierClient</c>, extended by <c>ConfigureOptions</c>, <c>UseTransport</c>, <c>ConfigureTransport</c> and the
/// test packages' <c>AddMockTransport</c>, <c>AddCourierRecorder</c> and <c>AddTestServerTransport</c>.
/// </summary>
public interface ICourierClientBuilder
{
    /// <summary>The client's name (its configuration section is <c>Courier:Clients:&lt;name&gt;</c>).</summary>
    string Name { get; }

    /// <summary>The service collection the client is registered in.</summary>
    IServiceCollection Services { get; }
}

internal sealed class CourierClientBuilder(string name, IServiceCollection services) : ICourierClientBuilder
{
    public string Name { get; } = name;

    public IServiceCollection Services { get; } = services;
}
