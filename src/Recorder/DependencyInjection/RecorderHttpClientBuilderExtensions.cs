using Microsoft.Extensions.DependencyInjection;

namespace Courier.Recorder;

/// <summary>Plugs the recorder into <c>IHttpClientFactory</c>.</summary>
public static class RecorderHttpClientBuilderExtensions
{
    /// <summary>
    /// Makes a <see cref="Recorder"/> over the cassette at <paramref name="cassettePath"/> the named client's primary
    /// handler, recording through Courier's <c>HttpTransport</c>. The handler lifetime is set to infinite: rotating the
    /// handler would restart replay order and reload the cassette mid-test.
    /// </summary>
    /// <param name="builder">The client builder from <c>services.AddHttpClient(...)</c>.</param>
    /// <param name="cassettePath">The cassette file.</param>
    /// <param name="options">Mode, matching, filters.</param>
    public static IHttpClientBuilder AddCourierRecorder(this IHttpClientBuilder builder, string cassettePath, RecorderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(cassettePath);
        return builder
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => Recorder.Open(cassettePath, new HttpTransport(), options));
    }
}
