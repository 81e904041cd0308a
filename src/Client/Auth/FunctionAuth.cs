namespace Courier;

/// <summary>
/// Auth by a function that edits the request before it is sent (httpx's <c>FunctionAuth</c>): add a header, sign
/// the URL, fetch a token. Sync (<see cref="Action{Request}"/>) or async.
/// </summary>
public sealed class FunctionAuth : Auth
{
    private readonly Func<Request, CancellationToken, ValueTask> _edit;

    /// <summary>Creates auth from a function that edits the request: <c>new FunctionAuth(r =&gt; r.Headers["X-Key"] = key)</c>.</summary>
    public FunctionAuth(Action<Request> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        _edit = (request, _) =>
        {
            edit(request);
            return ValueTask.CompletedTask;
        };
    }

    /// <summary>Creates auth from an async function that edits the request (it may await a token source).</summary>
    public FunctionAuth(Func<Request, CancellationToken, ValueTask> editAsync)
    {
        ArgumentNullException.ThrowIfNull(editAsync);
        _edit = editAsync;
    }

    /// <inheritdoc />
    public override ValueTask<Response> AuthenticateAsync(Request request, AuthSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(send);
        return RunAsync(request, send, cancellationToken);
    }

    private async ValueTask<Response> RunAsync(Request request, AuthSend send, CancellationToken cancellationToken)
    {
        await _edit(request, cancellationToken).ConfigureAwait(false);
        return await send(request, cancellationToken).ConfigureAwait(false);
    }
}
