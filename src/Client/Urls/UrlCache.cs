namespace Courier;

/// <summary>
/// A client's recently resolved URLs: the text a call gave, joined to the base URL it was joined to, as the parsed
/// <see cref="Uri"/>. A client calls the same few URLs over and over, and joining and parsing one (a new string, a new
/// <see cref="Uri"/>, its host string and parts, each asked again by the transport) is a good share of a small
/// request's own cost. A hit returns the same <see cref="Uri"/>, which is immutable, so requests share it.
/// Direct-mapped and fixed in size: a client calling many different URLs only overwrites slots (nothing grows), and
/// very long URLs are not kept. Entries are immutable, so threads read and replace them without a lock.
/// </summary>
internal sealed class UrlCache
{
    private const int Slots = 32;
    private const int MaxLength = 2048;
    private readonly Entry?[] _entries = new Entry?[Slots];

    /// <summary>The URL <paramref name="url"/> resolved to against <paramref name="baseUrl"/> before, or null.</summary>
    public Uri? Find(Uri? baseUrl, string url)
    {
        if (url.Length > MaxLength)
        {
            return null;
        }

        var entry = Volatile.Read(ref _entries[Slot(url)]);
        return entry is not null && ReferenceEquals(entry.BaseUrl, baseUrl) && string.Equals(entry.Url, url, StringComparison.Ordinal)
            ? entry.Resolved
            : null;
    }

    /// <summary>Keeps what <paramref name="url"/> resolved to (only a URL that resolved without error is kept).</summary>
    public void Add(Uri? baseUrl, string url, Uri resolved)
    {
        if (url.Length <= MaxLength)
        {
            Volatile.Write(ref _entries[Slot(url)], new Entry(baseUrl, url, resolved));
        }
    }

    private static int Slot(string url) => url.GetHashCode(StringComparison.Ordinal) & (Slots - 1);

    private sealed class Entry(Uri? baseUrl, string url, Uri resolved)
    {
        public Uri? BaseUrl { get; } = baseUrl;

        public string Url { get; } = url;

        public Uri Resolved { get; } = resolved;
    }
}
