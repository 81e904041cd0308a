using System.Net;
using System.Net.Sockets;

namespace Courier.Mocking.Server;

/// <summary>
/// Where a proxy may connect (RELIABILITY.md stub server row 8), checked on every resolved address at connect time.
/// Entries are IP addresses (<c>10.1.2.3</c>, <c>::1</c>), CIDR ranges (<c>10.0.0.0/8</c>) or host names
/// (<c>api.example.com</c>, <c>*.example.com</c> for its subdomains). An address is allowed when an address entry
/// covers it, or when the host was named by a name entry and the address is public (a named host never reaches
/// loopback, private, link-local, CGNAT, unique-local or multicast addresses unless an address entry covers them, so a
/// name that resolves, or re-resolves, inside the network is refused). IPv4-mapped IPv6 addresses are checked as IPv4.
/// </summary>
internal sealed partial class AddressAllowList
{
    /// <summary>The default: loopback only.</summary>
    public static readonly IReadOnlyList<string> Loopback = ["127.0.0.0/8", "::1"];

    private readonly List<(IPAddress Network, int Bits)> _ranges = [];
    private readonly List<string> _names = [];

    /// <param name="entries">The entries (see the class summary).</param>
    /// <param name="allowAll">Allow every address (an explicit opt-out).</param>
    /// <param name="howToAllow">What to tell the user, given a host or address to allow (e.g. the option to set).</param>
    /// <param name="resolver">Resolves a host name; null uses DNS (tests give a fixed answer).</param>
    /// <param name="connector">Opens a connection to an allowed address; null uses a TCP socket (tests record the attempts).</param>
    public AddressAllowList(
        IEnumerable<string> entries,
        bool allowAll,
        Func<string, string> howToAllow,
        Func<string, CancellationToken, ValueTask<IPAddress[]>>? resolver = null,
        Func<IPEndPoint, CancellationToken, ValueTask<Stream>>? connector = null)
    {
        Connector = connector;
        AllowAll = allowAll;
        HowToAllow = howToAllow;
        Resolver = resolver ?? (async (host, ct) => await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false));
        foreach (var entry in entries)
        {
            var text = entry.Trim();
            if (TryParseRange(text, out var range))
            {
                _ranges.Add(range);
            }
            else if (IsHostPattern(text))
            {
                _names.Add(text.ToLowerInvariant());
            }
            else
            {
                throw new ArgumentException($"'{entry}' is not an IP address, a CIDR range (10.0.0.0/8) or a host name (api.example.com, *.example.com).", nameof(entries));
            }
        }
    }

    public bool AllowAll { get; }

    public Func<string, string> HowToAllow { get; }

    public Func<string, CancellationToken, ValueTask<IPAddress[]>> Resolver { get; }

    public Func<IPEndPoint, CancellationToken, ValueTask<Stream>>? Connector { get; }

    /// <summary>Whether an entry names <paramref name="host"/> (a host name, not an address).</summary>
    public bool NamesHost(string host)
    {
        host = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        return _names.Any(n => n.StartsWith("*.", StringComparison.Ordinal) ? host.EndsWith(n[1..], StringComparison.Ordinal) : n == host);
    }

    /// <summary>Whether an address entry covers <paramref name="address"/>.</summary>
    public bool Covers(IPAddress address)
    {
        address = Normalize(address);
        return _ranges.Any(r => InRange(address, r.Network, r.Bits));
    }

    /// <summary>Whether a connection to <paramref name="address"/>, reached through <paramref name="host"/>, is allowed.</summary>
    public bool Allows(string host, IPAddress address) =>
        AllowAll || Covers(address) || (!IPAddress.TryParse(host.Trim('[', ']'), out _) && NamesHost(host) && IsPublic(address));

    /// <summary>The address as checked and connected to: IPv4-mapped IPv6 becomes IPv4.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>Whether <paramref name="address"/> is a public unicast address (not loopback, private, link-local, shared, reserved or multicast).</summary>
    public static bool IsPublic(IPAddress address)
    {
        address = Normalize(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !NonPublicV4.Any(r => InRange(address, r.Network, r.Bits));
        }

        // Global unicast is 2000::/3; inside it, documentation, 6to4 and Teredo (which embed other addresses) are refused.
        var bytes = address.GetAddressBytes();
        return (bytes[0] & 0xE0) == 0x20 && !NonPublicV6.Any(r => InRange(address, r.Network, r.Bits));
    }

    private static readonly (IPAddress Network, int Bits)[] NonPublicV4 =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3",
        }.Select(Range),
    ];

    private static readonly (IPAddress Network, int Bits)[] NonPublicV6 = [.. new[] { "2001::/32", "2001:db8::/32", "2002::/16" }.Select(Range)];

    private static (IPAddress, int) Range(string text) => TryParseRange(text, out var range) ? range : throw new InvalidOperationException(text);

    private static bool TryParseRange(string text, out (IPAddress Network, int Bits) range)
    {
        range = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = (slash < 0 ? text : text[..slash]).Trim('[', ']');
        if (!IPAddress.TryParse(addressText, out var address) || (addressText.Count(c => c == '.') != 3 && !addressText.Contains(':', StringComparison.Ordinal)))
        {
            return false;
        }

        address = Normalize(address);
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var bits = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bits) || bits > max))
        {
            return false;
        }

        range = (address, bits);
        return true;
    }

    private static bool InRange(IPAddress address, IPAddress network, int bits)
    {
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHostPattern(string text)
    {
        var name = text.StartsWith("*.", StringComparison.Ordinal) ? text[2..] : text;
        return name.Length is > 0 and <= 253 && Uri.CheckHostName(name) == UriHostNameType.Dns && !name.All(c => char.IsAsciiDigit(c) || c == '.');
    }
}
