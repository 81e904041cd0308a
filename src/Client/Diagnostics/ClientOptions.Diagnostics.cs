using Courier.Diagnostics;

namespace Courier;

/// <summary>The diagnostics half of the client options.</summary>
public sealed partial record ClientOptions
{
    /// <summary>
    /// Sees every request and hop (null: none). Tracing and metrics need no observer: they go through the
    /// <c>ActivitySource</c> and <c>Meter</c> named <see cref="CourierTelemetry.Name"/> whenever someone listens.
    /// </summary>
    public ClientObserver? Observer { get; init; }
}
