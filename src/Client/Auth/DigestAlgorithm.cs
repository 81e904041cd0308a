using System.Security.Cryptography;
using System.Text;

namespace Courier;

/// <summary>A Digest algorithm of RFC 7616 section 3.3 (<c>MD5</c>, <c>SHA-256</c>, <c>SHA-512-256</c>, each with a <c>-sess</c> form).</summary>
internal sealed class DigestAlgorithm
{
    /// <summary>The algorithm names DigestAuth answers, for error messages.</summary>
    public const string SupportedNames = "MD5, MD5-sess, SHA-256, SHA-256-sess, SHA-512-256, SHA-512-256-sess";

    private readonly Func<byte[], byte[]> _hash;

    private DigestAlgorithm(string name, bool session, Func<byte[], byte[]> hash)
    {
        Name = name;
        IsSession = session;
        _hash = hash;
    }

    /// <summary>The canonical name, as sent back in <c>algorithm=</c>.</summary>
    public string Name { get; }

    /// <summary>Whether this is a <c>-sess</c> variant (HA1 also covers the nonce and cnonce).</summary>
    public bool IsSession { get; }

    /// <summary>Finds an algorithm by its name (case-insensitive); a missing name means MD5 (RFC 7616 section 3.3).</summary>
    public static DigestAlgorithm? Find(string? name)
    {
        var text = name ?? "MD5";
        var session = text.EndsWith("-sess", StringComparison.OrdinalIgnoreCase);
        var basic = session ? text[..^5] : text;
        Func<byte[], byte[]>? hash = basic.ToUpperInvariant() switch
        {
            "MD5" => MD5Hash,
            "SHA-256" => SHA256.HashData,
            "SHA-512-256" => bytes => Sha512t256.Hash(bytes),
            _ => null,
        };
        return hash is null ? null : new DigestAlgorithm(basic.ToUpperInvariant() + (session ? "-sess" : string.Empty), session, hash);
    }

    /// <summary>The lower-case hex hash of text's UTF-8 bytes.</summary>
    public string H(string text) => Hex(Encoding.UTF8.GetBytes(text));

    /// <summary>The lower-case hex hash of bytes.</summary>
    public string Hex(byte[] bytes) => Convert.ToHexStringLower(_hash(bytes));

    /// <summary>KD(secret, data) = H(secret ":" data).</summary>
    public string KD(string secret, string data) => H(secret + ":" + data);

#pragma warning disable CA5351 // Digest's MD5 is what servers ask for; it is the protocol, not our choice of hash.
    private static byte[] MD5Hash(byte[] bytes) => MD5.HashData(bytes);
#pragma warning restore CA5351
}
