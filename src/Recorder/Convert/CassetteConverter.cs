using System.Text;
using Courier.Recorder.Format;

namespace Courier.Recorder.Conversion;

/// <summary>The formats <see cref="CassetteConverter"/> writes.</summary>
public enum CassetteFormat
{
    /// <summary>vcrpy's v1 YAML schema (what Courier records).</summary>
    VcrPy,

    /// <summary>Ruby VCR's <c>http_interactions</c> YAML (<see cref="RubyVcrYamlWriter"/>).</summary>
    RubyVcr,

    /// <summary>An HTTP Archive, HAR 1.2 JSON (<see cref="HarWriter"/>).</summary>
    Har,
}

/// <summary>
/// Converts cassettes between formats: reads anything <see cref="Cassette.Load"/> reads (vcrpy YAML or JSON, Ruby
/// VCR, Betamax) and writes vcrpy YAML, Ruby VCR YAML or HAR 1.2. Bodies stay byte-exact in every format.
/// </summary>
public static class CassetteConverter
{
    /// <summary>Parses a format name: <c>vcrpy</c>, <c>ruby</c> (or <c>ruby-vcr</c>, <c>vcr</c>) or <c>har</c>; null when unknown.</summary>
    public static CassetteFormat? ParseFormat(string name) => name?.Trim().ToUpperInvariant() switch
    {
        "VCRPY" or "YAML" => CassetteFormat.VcrPy,
        "RUBY" or "RUBY-VCR" or "RUBYVCR" or "VCR" => CassetteFormat.RubyVcr,
        "HAR" => CassetteFormat.Har,
        _ => null,
    };

    /// <summary>Writes <paramref name="cassette"/> in <paramref name="format"/> to <paramref name="output"/> (UTF-8, no BOM).</summary>
    /// <param name="cassette">The cassette.</param>
    /// <param name="format">The format to write.</param>
    /// <param name="output">Where the bytes go (left open).</param>
    public static void Write(Cassette cassette, CassetteFormat format, Stream output)
    {
        ArgumentNullException.ThrowIfNull(cassette);
        ArgumentNullException.ThrowIfNull(output);
        if (format == CassetteFormat.Har)
        {
            HarWriter.Write(cassette.Interactions, output);
            return;
        }

        using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        if (format == CassetteFormat.RubyVcr)
        {
            RubyVcrYamlWriter.Write(cassette.Interactions, writer);
        }
        else
        {
            VcrPyYamlWriter.Write(cassette.Interactions, writer);
        }
    }

    /// <summary>The bytes of <paramref name="cassette"/> written in <paramref name="format"/>.</summary>
    public static byte[] ToBytes(Cassette cassette, CassetteFormat format)
    {
        using var buffer = new MemoryStream();
        Write(cassette, format, buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// Loads <paramref name="inputPath"/> and writes it in <paramref name="format"/> to <paramref name="outputPath"/>
    /// atomically (temporary file, flush, rename: the output is either the old file or the complete new one).
    /// </summary>
    /// <returns>The cassette that was converted.</returns>
    /// <exception cref="CassetteFormatException">The input is not a cassette Courier reads, or holds none (absent or empty file).</exception>
    public static async Task<Cassette> ConvertFileAsync(string inputPath, string outputPath, CassetteFormat format, CassetteLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var cassette = Cassette.Load(inputPath, options)
            ?? throw new CassetteFormatException(inputPath, 0, File.Exists(inputPath) ? "the file is empty: there is no cassette to convert" : "the file does not exist");
        await AtomicFile.WriteAsync(outputPath, (stream, _) =>
        {
            Write(cassette, format, stream);
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        return cassette;
    }
}
