namespace Courier.Recorder;

/// <summary>
/// A cross-process lock beside a cassette (<c>.name.yaml.lock</c>): the file is opened with <see cref="FileShare.None"/>,
/// which .NET maps to an exclusive <c>flock</c> on Unix and a share lock on Windows. The operating system drops it when
/// the holder exits or is killed, so a stale lock cannot outlive its process; the empty file itself stays.
/// </summary>
internal sealed class LockFile : IDisposable
{
    private readonly FileStream _stream;

    private LockFile(FileStream stream) => _stream = stream;

    /// <summary>The lock file's path for <paramref name="cassettePath"/>.</summary>
    public static string PathFor(string cassettePath)
    {
        var full = Path.GetFullPath(cassettePath);
        return Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".lock");
    }

    /// <summary>Takes the lock, retrying until <paramref name="timeout"/>; then throws <see cref="CassetteLockedException"/>.</summary>
    public static async Task<LockFile> AcquireAsync(string cassettePath, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var path = PathFor(cassettePath);
        var started = time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                return new LockFile(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
            {
                var waited = time.GetElapsedTime(started);
                if (waited >= timeout)
                {
                    throw new CassetteLockedException(cassettePath, waited, e);
                }

                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
