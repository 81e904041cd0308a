using Spectre.Console;

namespace Courier.Cli;

/// <summary>
/// Streams a response body to a file. The bytes go to a hidden temp file in the same folder, renamed over the target
/// only when the whole body arrived; on any failure or cancellation (Ctrl+C) the temp file is deleted, so no partial
/// file is ever left. A live progress bar (size, speed, time left) is shown on an interactive terminal.
/// </summary>
internal sealed class FileDownloader(Ink ink, bool interactive)
{
    public async Task<long> DownloadAsync(Response response, string path, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot save to '{path}': the folder '{folder}' does not exist.");
        }

        var temp = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.part");
        var total = response.Headers.Contains("Content-Encoding") ? null : ContentLength(response);
        long written = 0;
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                if (interactive)
                {
                    written = await WithProgressAsync(response, file, Path.GetFileName(target), total, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    written = await CopyAsync(response, file, null, cancellationToken).ConfigureAwait(false);
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, target, overwrite: true);
            return written;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private async Task<long> WithProgressAsync(Response response, Stream file, string name, long? total, CancellationToken cancellationToken)
    {
        long written = 0;
        await ink.Console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(name, maxValue: total ?? 1);
                task.IsIndeterminate = total is null;
                written = await CopyAsync(response, file, task, cancellationToken).ConfigureAwait(false);
                task.MaxValue = Math.Max(written, 1);
                task.Value = written;
                task.StopTask();
            }).ConfigureAwait(false);
        return written;
    }

    private static async Task<long> CopyAsync(Response response, Stream file, ProgressTask? task, CancellationToken cancellationToken)
    {
        long written = 0;
        await foreach (var chunk in response.IterBytesAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await file.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            written += chunk.Length;
            task?.Increment(chunk.Length);
        }

        return written;
    }

    private static long? ContentLength(Response response) =>
        long.TryParse(response.Headers["Content-Length"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length) ? length : null;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the failure being reported matters more than a leftover temp file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
