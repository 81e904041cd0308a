using System.Text;
using Courier.Recorder.Format;

namespace Courier.Recorder;

/// <summary>How a cassette is saved.</summary>
public sealed record CassetteSaveOptions
{
    /// <summary>The default options.</summary>
    public static CassetteSaveOptions Default { get; } = new();

    /// <summary>How long to wait for another writer's lock before <see cref="CassetteLockedException"/> (default 30 s).</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock used for the lock wait (tests may inject one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

public sealed partial class Cassette
{
    /// <summary>The cassette in vcrpy's v1 YAML schema.</summary>
    public string ToYaml()
    {
        using var writer = new StringWriter();
        VcrPyYamlWriter.Write(_interactions, writer);
        return writer.ToString();
    }

    /// <summary>The cassette in vcrpy's v1 schema serialized as JSON.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        VcrPyJsonWriter.Write(_interactions, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Saves the cassette (vcrpy v1 schema; JSON when the file ends in <c>.json</c>) atomically — temporary file in the
    /// same folder, flush to disk, rename — while holding the cassette's cross-process lock.
    /// </summary>
    /// <param name="path">The file; defaults to <see cref="Path"/>.</param>
    /// <param name="options">Lock wait and clock.</param>
    /// <param name="cancellationToken">Cancels the lock wait and the write.</param>
    public Task SaveAsync(string? path = null, CassetteSaveOptions? options = null, CancellationToken cancellationToken = default)
    {
        var target = path ?? Path ?? throw new InvalidOperationException("This cassette has no file; pass a path to SaveAsync.");
        return SaveCoreAsync(target, [.. _interactions], options ?? CassetteSaveOptions.Default, cancellationToken);
    }

    /// <summary>Temporary files are only written under the lock, so any found while holding it belong to killed writers.</summary>
    private static void RemoveOrphans(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        foreach (var orphan in Directory.EnumerateFiles(System.IO.Path.GetDirectoryName(full)!, $".{System.IO.Path.GetFileName(full)}.*.tmp"))
        {
            File.Delete(orphan);
        }
    }

    private static async Task SaveCoreAsync(string path, List<Interaction> snapshot, CassetteSaveOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        using var held = await LockFile.AcquireAsync(path, options.LockTimeout, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        RemoveOrphans(path);
        var json = IsJson(path);
        await AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            if (json)
            {
                VcrPyJsonWriter.Write(snapshot, stream);
                return;
            }

            var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            await using (writer.ConfigureAwait(false))
            {
                VcrPyYamlWriter.Write(snapshot, writer);
                await writer.FlushAsync(ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }
}
