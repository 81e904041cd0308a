using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Courier;

public sealed partial class HttpTransport
{
    private static void ConfigureTls(SslClientAuthenticationOptions ssl, ClientOptions options)
    {
        if (options.MinTlsVersion is { } min)
        {
            ssl.EnabledSslProtocols = min == SslProtocols.Tls13 ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13;
        }

        if (options.ClientCertificate is { } clientCertificate)
        {
            ssl.ClientCertificates = [clientCertificate];
        }

        if (!options.Verify)
        {
#pragma warning disable CA5359 // Verify = false is the caller's explicit choice (httpx's verify=False).
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
            return;
        }

        var roots = TrustedRoots(options);
        ssl.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(certificate, chain, errors, roots);
    }

    /// <summary>The CA certificates to trust instead of the system's, or null for the system's store.</summary>
    private static X509Certificate2Collection? TrustedRoots(ClientOptions options)
    {
        var roots = new X509Certificate2Collection();
        if (options.CaFile is { } file)
        {
            roots.ImportFromPemFile(file);
        }

        foreach (var certificate in options.CaCertificates ?? [])
        {
            roots.Add(certificate);
        }

        if (roots.Count == 0 && options.CaFile is null && options.CaCertificates is null && options.TrustEnv)
        {
            if (Environment.GetEnvironmentVariable("SSL_CERT_FILE") is { Length: > 0 } envFile && File.Exists(envFile))
            {
                roots.ImportFromPemFile(envFile);
            }

            if (Environment.GetEnvironmentVariable("SSL_CERT_DIR") is { Length: > 0 } envDirs)
            {
                foreach (var dir in envDirs.Split(':', StringSplitOptions.RemoveEmptyEntries).Where(Directory.Exists))
                {
                    foreach (var path in Directory.EnumerateFiles(dir))
                    {
                        TryImport(roots, path);
                    }
                }
            }
        }

        return roots.Count > 0 ? roots : null;
    }

    private static void TryImport(X509Certificate2Collection roots, string path)
    {
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            // Not a PEM certificate (SSL_CERT_DIR may hold other files): skipped, as OpenSSL does.
        }
    }

    /// <summary>
    /// Checks the server's certificate against the system store or the custom roots. A failure throws, so the reason
    /// (not just "rejected by the callback") reaches <see cref="ConnectException"/>'s message.
    /// </summary>
    private static bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection? roots)
    {
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || certificate is null)
        {
            reasons.Add("the server sent no certificate");
        }
        else if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add("its name does not match the host name");
        }

        if (certificate is not null && roots is not null)
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            if (!custom.Build(leaf))
            {
                reasons.Add(Describe(custom.ChainStatus) + " (checked against the configured CA certificates)");
            }
        }
        else if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            reasons.Add(Describe(chain?.ChainStatus ?? []));
        }

        if (reasons.Count == 0)
        {
            return true;
        }

        var subject = certificate is null ? string.Empty : $" '{certificate.Subject}'";
        throw new AuthenticationException($"The server's certificate{subject} was not trusted: {string.Join("; ", reasons)}.");
    }

    private static string Describe(X509ChainStatus[] status) =>
        status.Length == 0
            ? "its certificate chain could not be built"
            : string.Join(", ", status.Select(s => $"{s.Status} ({s.StatusInformation.Trim()})").Distinct());
}
