using Courier;
using Courier.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures a named Courier client: its options and its transport chain.</summary>
public static class CourierClientBuilderExtensions
{
    /// <summary>
    /// Changes the client's options after the configuration section is applied (for what configuration cannot hold:
    /// an <see cref="Auth"/> from services, event hooks, JSON options).
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Gets the services and the options so far; returns the changed options (<c>options with { … }</c>).</param>
    public static ICourierClientBuilder ConfigureOptions(this ICourierClientBuilder builder, Func<IServiceProvider, ClientOptions, ClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure<CourierClientRegistration>(builder.Name, r => r.OptionsActions.Add(configure));
        return builder;
    }

    /// <summary>
    /// Replaces the client's primary transport (by default an <see cref="HttpTransport"/> built from its options) with
    /// the handler <paramref name="create"/> returns, once per container: a <c>MockTransport</c>, a
    /// <c>TestServerTransport</c>, any <see cref="HttpMessageHandler"/>.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="create">Creates the transport.</param>
    /// <param name="disposeWithContainer">Whether the container disposes the transport (false for an instance the caller owns).</param>
    public static ICourierClientBuilder UseTransport(this ICourierClientBuilder builder, Func<IServiceProvider, HttpMessageHandler> create, bool disposeWithContainer = true)
    {
        ArgumentNullException.ThrowIfNull(create);
        return builder.UseTransport((services, _) => create(services), disposeWithContainer);
    }

    /// <summary>
    /// As the other overload, with the client's resolved options (code, configuration and <c>ConfigureOptions</c>
    /// applied) for a transport that follows them.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="create">Creates the transport from the services and the client's options.</param>
    /// <param name="disposeWithContainer">Whether the container disposes the transport (false for an instance the caller owns).</param>
    public static ICourierClientBuilder UseTransport(this ICourierClientBuilder builder, Func<IServiceProvider, ClientOptions, HttpMessageHandler> create, bool disposeWithContainer = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(create);
        builder.Services.Configure<CourierClientRegistration>(builder.Name, r =>
        {
            r.Transport = create;
            r.DisposeTransport = disposeWithContainer;
        });
        return builder;
    }

    /// <summary>
    /// Wraps the transport built so far (the primary one, then earlier wrappers) in another handler, such as a
    /// recorder over the network transport. Wrappers apply in the order they are added; the container disposes them.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="wrap">Gets the services and the inner transport; returns the handler to use.</param>
    public static ICourierClientBuilder ConfigureTransport(this ICourierClientBuilder builder, Func<IServiceProvider, HttpMessageHandler, HttpMessageHandler> wrap)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(wrap);
        builder.Services.Configure<CourierClientRegistration>(builder.Name, r => r.TransportWrappers.Add(wrap));
        return builder;
    }
}
