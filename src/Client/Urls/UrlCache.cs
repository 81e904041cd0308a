namespace Courier;

/// <summary>
/// A client's recently resolved URLs: the text a call gave, joined to the base URL it was joined to, as the parsed
/// <see cref="Uri"/>. A client calls the same few URLs over and over, and joining and parsing one (a new string, a new
/// <see cref="Uri"/>, its host string and parts, each asked again by the transport) is a good share of a small
/// request's own cost. A hit returns the same <see cref="Uri"/>, which is immutable, so requests share it.
/// Direct-mapped and fixed in size: a client calling many different URLs only overwrites slots (nothing grows). A URL
/// is kept the second time its slot sees it in a row, so one-off URLs (ids in paths) cost no entry; URLs with user
/// info (credentials) and very long ones are never kept. Entries are immutable, so threads read and replace them
/// without a lock.
/// </summary>
internal sealed class UrlCache
{
    private const int Slots = 32;
    private const int MaxLength = 2048;
    private readonly Entry?[] _entries = new Entry?[Slots];
    private readonly string?[] _seen = new string?[Slots];

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

    /// <summary>
    /// Notes what <paramref name="url"/> resolved to (called only for a URL that resolved without error): kept when its
    /// slot saw the same text last time.
    /// </summary>
    public void Add(Uri? baseUrl, string url, Uri resolved)
    {
        if (url.Length > MaxLength || resolved.UserInfo.Length > 0)
        {
            return;
        }

        var slot = Slot(url);
        if (string.Equals(Volatile.Read(ref _seen[slot]), url, StringComparison.Ordinal))
        {
            Volatile.Write(ref _entries[slot], new Entry(baseUrl, url, resolved));
        }
        else
        {
            Volatile.Write(ref _seen[slot], url);
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
