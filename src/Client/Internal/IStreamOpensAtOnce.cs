namespace Courier;

/// <summary>
/// Marks a Courier transport's response content whose stream opens at once (its synchronous
/// <see cref="HttpContent.ReadAsStream(CancellationToken)"/> never waits), so the client opens it without a task.
/// </summary>
internal interface IStreamOpensAtOnce
{
}
