using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Courier.ClientTests.Transport;

public class TlsTests
{
    private static Task<LoopbackServer> StartAsync(X509Certificate2? certificate = null, Action<KestrelServerOptions>? kestrel = null) => LoopbackServer.StartAsync(
        app => app.MapGet("/", (HttpContext ctx) => ctx.Connection.ClientCertificate?.Subject ?? "anonymous"),
        HttpProtocols.Http1,
        certificate ?? TestCertificates.Server,
        kestrel);

    [Test]
    public async Task Verify_IsOnByDefault_AndSaysWhyTheCertificateWasNotTrusted()
    {
        await using var server = await StartAsync();
        using var client = new Client(new ClientOptions { TrustEnv = false });

        var ex = await Should.ThrowAsync<ConnectException>(() => client.GetAsync(server.Url.ToString()));

        ex.Message.ShouldContain("not trusted");
        ex.Message.ShouldContain("PartialChain");
    }

    [Test]
    public async Task CaCertificates_TrustACustomCa()
    {
        await using var server = await StartAsync();
        using var client = new Client(new ClientOptions { CaCertificates = [TestCertificates.Ca] });

        (await client.GetAsync(server.Url.ToString())).Text.ShouldBe("anonymous");
    }

    [Test]
    public async Task CaFile_TrustsTheCasOfAPemFile()
    {
        await using var server = await StartAsync();
        var dir = Directory.CreateTempSubdirectory("courier-ca-");
        try
        {
            using var client = new Client(new ClientOptions { CaFile = TestCertificates.WritePem(TestCertificates.Ca, dir.FullName) });
            (await client.GetAsync(server.Url.ToString())).Text.ShouldBe("anonymous");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public async Task CustomCa_ReplacesTheSystemStore_SoOtherCasAreNotTrusted()
    {
        using var selfSigned = TestCertificates.CreateSelfSigned();
        await using var server = await StartAsync(selfSigned);
        using var client = new Client(new ClientOptions { CaCertificates = [TestCertificates.Ca] });

        var ex = await Should.ThrowAsync<ConnectException>(() => client.GetAsync(server.Url.ToString()));

        ex.Message.ShouldContain("not trusted");
        ex.Message.ShouldContain("configured CA");
    }

    [Test]
    public async Task HostNameMismatch_IsNotTrusted()
    {
        using var other = CreateCertificate("CN=elsewhere.test", serverAuth: true, dnsName: "elsewhere.test");
        await using var server = await StartAsync(other);
        using var client = new Client(new ClientOptions { CaCertificates = [X509CertificateLoader.LoadCertificate(other.RawData)] });

        var ex = await Should.ThrowAsync<ConnectException>(() => client.GetAsync(server.Url.ToString()));

        ex.Message.ShouldContain("does not match");
    }

    [Test]
    public async Task VerifyFalse_AcceptsAnyCertificate_OnlyWhenAsked()
    {
        using var selfSigned = TestCertificates.CreateSelfSigned();
        await using var server = await StartAsync(selfSigned);
        using var client = new Client(new ClientOptions { Verify = false });

        (await client.GetAsync(server.Url.ToString())).Text.ShouldBe("anonymous");
    }

    [Test]
    public async Task ClientCertificate_MutualTls()
    {
        using var clientCert = CreateCertificate("CN=courier-client", serverAuth: false);
        await using var server = await StartAsync(kestrel: k => k.ConfigureHttpsDefaults(h =>
        {
            h.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            h.ClientCertificateValidation = (c, _, _) => c.Thumbprint == clientCert.Thumbprint;
        }));
        using var anonymous = new Client(new ClientOptions { CaCertificates = [TestCertificates.Ca] });
        using var client = new Client(new ClientOptions { CaCertificates = [TestCertificates.Ca], ClientCertificate = clientCert });

        (await client.GetAsync(server.Url.ToString())).Text.ShouldBe("CN=courier-client");
        await Should.ThrowAsync<TransportException>(() => anonymous.GetAsync(server.Url.ToString()));
    }

    [Test]
    public async Task MinTlsVersion_RefusesAnOlderServer()
    {
        await using var server = await StartAsync(kestrel: k => k.ConfigureHttpsDefaults(h => h.SslProtocols = SslProtocols.Tls12));
        using var tls12 = new Client(new ClientOptions { CaCertificates = [TestCertificates.Ca], MinTlsVersion = SslProtocols.Tls12 });
        using var tls13 = new Client(new ClientOptions { CaCertificates = [TestCertificates.Ca], MinTlsVersion = SslProtocols.Tls13 });

        (await tls12.GetAsync(server.Url.ToString())).Text.ShouldBe("anonymous");
        await Should.ThrowAsync<ConnectException>(() => tls13.GetAsync(server.Url.ToString()));
    }

    private static X509Certificate2 CreateCertificate(string subject, bool serverAuth, string? dnsName = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (dnsName is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            request.CertificateExtensions.Add(san.Build());
        }

        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }
}

[NonParallelizable]
public class TlsEnvironmentTests
{
    [Test]
    public async Task SslCertFile_IsHonouredWhenTrustEnvIsOn_AndIgnoredWhenOff()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "ok"), HttpProtocols.Http1, TestCertificates.Server);
        var dir = Directory.CreateTempSubdirectory("courier-env-");
        var previous = Environment.GetEnvironmentVariable("SSL_CERT_FILE");
        try
        {
            Environment.SetEnvironmentVariable("SSL_CERT_FILE", TestCertificates.WritePem(TestCertificates.Ca, dir.FullName));
            using var trusting = new Client(new ClientOptions { TrustEnv = true });
            using var ignoring = new Client(new ClientOptions { TrustEnv = false });

            (await trusting.GetAsync(server.Url.ToString())).Text.ShouldBe("ok");
            await Should.ThrowAsync<ConnectException>(() => ignoring.GetAsync(server.Url.ToString()));
        }
        finally
        {
            Environment.SetEnvironmentVariable("SSL_CERT_FILE", previous);
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public async Task SslCertDir_IsHonouredWhenTrustEnvIsOn()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "ok"), HttpProtocols.Http1, TestCertificates.Server);
        var dir = Directory.CreateTempSubdirectory("courier-env-");
        var previous = Environment.GetEnvironmentVariable("SSL_CERT_DIR");
        try
        {
            TestCertificates.WritePem(TestCertificates.Ca, dir.FullName);
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "README"), "not a certificate");
            Environment.SetEnvironmentVariable("SSL_CERT_DIR", dir.FullName);
            using var client = new Client(new ClientOptions { TrustEnv = true });

            (await client.GetAsync(server.Url.ToString())).Text.ShouldBe("ok");
        }
        finally
        {
            Environment.SetEnvironmentVariable("SSL_CERT_DIR", previous);
            dir.Delete(recursive: true);
        }
    }
}
