namespace Courier;

/// <summary>
/// The sync API runs the async pipeline and waits for it. Every await in the library uses ConfigureAwait(false),
/// so there is no captured context to deadlock on; .NET's thread pool injects threads for blocked waiters.
/// </summary>
internal static class SyncOverAsync
{
    public static T Run<T>(Func<CancellationToken, ValueTask<T>> action)
    {
        var task = action(CancellationToken.None);
        return task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
    }

    public static T Run<T>(Func<CancellationToken, Task<T>> action) => action(CancellationToken.None).GetAwaiter().GetResult();

    public static IEnumerable<T> Enumerate<T>(IAsyncEnumerable<T> source)
    {
        var enumerator = source.GetAsyncEnumerator();
        try
        {
            while (true)
            {
                var next = enumerator.MoveNextAsync();
                if (!(next.IsCompletedSuccessfully ? next.Result : next.AsTask().GetAwaiter().GetResult()))
                {
                    yield break;
                }

                yield return enumerator.Current;
            }
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
