using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Courier.Diagnostics;

/// <summary>
/// Courier's traces and metrics, through the BCL alone: the <see cref="ActivitySource"/> and the <see cref="Meter"/>
/// are both named <see cref="Name"/> (<c>"Courier"</c>) and follow OpenTelemetry's HTTP client conventions. Listen
/// with <c>AddSource("Courier")</c> / <c>AddMeter("Courier")</c> in OpenTelemetry, or an <see cref="ActivityListener"/>
/// and <see cref="MeterListener"/>. With no listener nothing is created or recorded.
/// </summary>
public static class CourierTelemetry
{
    /// <summary>The name of Courier's <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
    public const string Name = "Courier";

    /// <summary>The histogram of logical request durations, in seconds.</summary>
    public const string RequestDurationName = "http.client.request.duration";

    /// <summary>The up-down counter of logical requests in flight.</summary>
    public const string ActiveRequestsName = "http.client.active_requests";

    private static readonly string Version =
        typeof(CourierTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    internal static readonly ActivitySource Source = new(Name, Version);

    internal static readonly Meter Meter = new(Name, Version);

    internal static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        RequestDurationName,
        unit: "s",
        description: "Duration of HTTP client requests (one per logical request, redirects and auth hops included).",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });

    internal static readonly UpDownCounter<long> ActiveRequests = Meter.CreateUpDownCounter<long>(
        ActiveRequestsName,
        unit: "{request}",
        description: "Number of logical HTTP client requests in flight.");

    /// <summary>Whether anything listens: spans, either instrument, or the client's observer.</summary>
    internal static bool IsEnabled(ClientObserver? observer) =>
        Source.HasListeners() || RequestDuration.Enabled || ActiveRequests.Enabled || observer is { IsEnabled: true };
}
