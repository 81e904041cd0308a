using System.Globalization;

namespace Courier.Cli;

/// <summary>Byte counts and durations for people.</summary>
internal static class Sizes
{
    /// <summary><c>1.5 KiB (1,536 bytes)</c>, or <c>512 bytes</c>.</summary>
    public static string Describe(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        var exact = bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
        return unit == 0 ? exact : $"{value.ToString("0.#", CultureInfo.InvariantCulture)} {units[unit]} ({exact})";
    }

    /// <summary><c>120 ms</c> or <c>1.25 s</c>.</summary>
    public static string Describe(TimeSpan elapsed) => elapsed.TotalSeconds < 1
        ? $"{elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms"
        : $"{elapsed.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s";
}
