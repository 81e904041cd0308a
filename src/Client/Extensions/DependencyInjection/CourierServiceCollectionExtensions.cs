using System.Diagnostics.CodeAnalysis;
using Courier;
using Courier.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Courier clients in a service collection.</summary>
public static class CourierServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Courier client <paramref name="name"/>: <see cref="ICourierClientFactory"/>.<c>CreateClient(name)</c> returns
    /// clients over one shared transport (one connection pool) for the container's lifetime. Its options are
    /// <paramref name="options"/> (or the defaults), then the configuration section <c>Courier:Clients:&lt;name&gt;</c>
    /// over them, then the builder's <c>ConfigureOptions</c> callbacks; they are validated when the host starts (and on
    /// first use), and a bad value fails with its configuration key. When an <c>ILoggerFactory</c> is registered, every
    /// request is logged under the category <c>Courier.Client.&lt;name&gt;</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name.</param>
    /// <param name="options">Options in code, under the configuration section (their <c>Transport</c> is ignored: use <c>UseTransport</c>).</param>
    /// <returns>A builder to configure the client further.</returns>
    public static ICourierClientBuilder AddCourierClient(this IServiceCollection services, string name, ClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddOptions();
        services.TryAddSingleton<ICourierClientFactory, CourierClientFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CourierClientRegistration>, ResolveRegistration>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CourierClientRegistration>, ValidateRegistration>());
        services.AddOptions<CourierClientRegistration>(name)
            .Configure(registration =>
            {
                registration.IsRegistered = true;
                if (options is not null)
                {
                    registration.Defaults = options with { Transport = null };
                }
            })
            .ValidateOnStart();
        return new CourierClientBuilder(name, services);
    }

    /// <summary>
    /// Registers <typeparamref name="TClient"/> as a typed client: a transient service whose constructor gets a
    /// <see cref="Client"/> of the name <paramref name="name"/> (default: the type's name) plus any other services.
    /// </summary>
    /// <typeparam name="TClient">The typed client; its constructor takes a <see cref="Client"/>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name (default: <c>typeof(TClient).Name</c>, so the section is <c>Courier:Clients:&lt;TypeName&gt;</c>).</param>
    /// <param name="options">Options in code, under the configuration section.</param>
    /// <returns>A builder to configure the client further.</returns>
    public static ICourierClientBuilder AddCourierClient<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient>(
        this IServiceCollection services, string? name = null, ClientOptions? options = null)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(services);
        var clientName = name ?? typeof(TClient).Name;
        var builder = services.AddCourierClient(clientName, options);
        services.TryAdd(ServiceDescriptor.Transient(
            typeof(TClient),
            provider => ActivatorUtilities.CreateInstance<TClient>(provider, provider.GetRequiredService<ICourierClientFactory>().CreateClient(clientName))));
        return builder;
    }
}
