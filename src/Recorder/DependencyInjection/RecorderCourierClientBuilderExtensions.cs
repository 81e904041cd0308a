using Courier.DependencyInjection;
using Courier.Recorder;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Plugs the recorder into a Courier client registered with <c>AddCourierClient</c>.</summary>
public static class RecorderCourierClientBuilderExtensions
{
    /// <summary>
    /// Puts a <see cref="Recorder"/> over the cassette at <paramref name="cassettePath"/> in front of this named Courier
    /// client's transport (its <c>HttpTransport</c>, or the transport set with <c>UseTransport</c>), so recording goes
    /// through the client's own pool, proxies and TLS settings. One recorder per name for the container's lifetime
    /// (replay order holds across the clients the factory creates); the container disposes it.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddCourierClient(name)</c>.</param>
    /// <param name="cassettePath">The cassette file.</param>
    /// <param name="options">Mode, matching, filters.</param>
    public static ICourierClientBuilder AddCourierRecorder(this ICourierClientBuilder builder, string cassettePath, RecorderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(cassettePath);
        return builder.ConfigureTransport((_, inner) => Courier.Recorder.Recorder.Open(cassettePath, inner, options));
    }
}
