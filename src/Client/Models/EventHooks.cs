namespace Courier;

/// <summary>
/// Callbacks run for every hop (each redirect and auth step): on the request just before it is sent, and on the
/// response just after its head arrived. An exception thrown by a hook reaches the caller.
/// </summary>
public sealed record EventHooks
{
    /// <summary>Runs on each request before it is sent.</summary>
    public IReadOnlyList<Func<Request, CancellationToken, ValueTask>> Request { get; init; } = [];

    /// <summary>Runs on each response when its head has arrived (the body may not be read yet).</summary>
    public IReadOnlyList<Func<Response, CancellationToken, ValueTask>> Response { get; init; } = [];

    /// <summary>A hook set with one synchronous request hook.</summary>
    public static EventHooks OnRequest(Action<Request> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return new() { Request = [(r, _) => { hook(r); return ValueTask.CompletedTask; }] };
    }

    /// <summary>A hook set with one synchronous response hook.</summary>
    public static EventHooks OnResponse(Action<Response> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return new() { Response = [(r, _) => { hook(r); return ValueTask.CompletedTask; }] };
    }

    /// <summary>This set plus the hooks of <paramref name="other"/>.</summary>
    public EventHooks Add(EventHooks other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new() { Request = [.. Request, .. other.Request], Response = [.. Response, .. other.Response] };
    }
}
