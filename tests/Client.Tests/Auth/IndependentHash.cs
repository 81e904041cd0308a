using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Courier.TestUtils;

namespace Courier.ClientTests.Auth;

/// <summary>
/// Hashes for the test-side Digest verifier, computed apart from Courier's code: the BCL for MD5 and SHA-256, the
/// openssl command for SHA-512/256 (the BCL has none).
/// </summary>
internal static class IndependentHash
{
    public static string Hex(string algorithm, string text) => Hex(algorithm, Encoding.UTF8.GetBytes(text));

    public static string Hex(string algorithm, byte[] data) => algorithm.ToUpperInvariant() switch
    {
#pragma warning disable CA5351 // The protocol under test uses MD5.
        "MD5" => Convert.ToHexStringLower(MD5.HashData(data)),
#pragma warning restore CA5351
        "SHA-256" => Convert.ToHexStringLower(SHA256.HashData(data)),
        "SHA-512-256" => Openssl(Tools.Find("openssl") ?? throw new InvalidOperationException("openssl is needed to verify SHA-512-256"), "-sha512-256", data),
        _ => throw new ArgumentException("No such algorithm: " + algorithm),
    };

    public static string Openssl(string openssl, string digest, byte[] data)
    {
        var start = new ProcessStartInfo(openssl, ["dgst", digest, "-r"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.BaseStream.Write(data);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(30_000).ShouldBeTrue("openssl dgst did not finish");
        return output.Split(' ')[0].Trim();
    }
}
