using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Courier.ClientTests.Auth;

/// <summary>
/// lighttpd with mod_auth (Basic from an htpasswd file, Digest from an htdigest file) in a temp folder, on a free
/// port of 127.0.0.1. lighttpd cannot bind port 0, so a port is reserved by binding 0, read and released, and the
/// start is retried on a collision. Stopped (killed) and cleaned up on dispose.
/// </summary>
internal sealed class LighttpdServer : IAsyncDisposable
{
    public const string Realm = "courier realm";

    /// <summary>SHA-512/256 and SHA-256 HA1 values are both 64 hex digits, and lighttpd picks the first line of the
    /// htdigest file matching user and realm, so the SHA-512-256 area has its own realm.</summary>
    public const string Realm512 = "courier realm 512";
    private readonly DirectoryInfo _dir;
    private readonly Process _process;

    private LighttpdServer(DirectoryInfo dir, Process process, int port)
    {
        _dir = dir;
        _process = process;
        Url = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri Url { get; }

    public string At(string path) => new Uri(Url, path).ToString();

    public string ErrorLog => File.Exists(Path.Combine(_dir.FullName, "error.log")) ? File.ReadAllText(Path.Combine(_dir.FullName, "error.log")) : string.Empty;

    public static async Task<LighttpdServer> StartAsync(string lighttpd, string user, string password)
    {
        var dir = Directory.CreateTempSubdirectory("courier-lighttpd-");
        WriteSite(dir.FullName, user, password);
        for (var attempt = 1; ; attempt++)
        {
            var port = ReservePort();
            var config = Path.Combine(dir.FullName, "lighttpd.conf");
            await File.WriteAllTextAsync(config, Config(dir.FullName, port));
            var process = Process.Start(new ProcessStartInfo(lighttpd, ["-D", "-f", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            if (await WaitUntilListeningAsync(process, port))
            {
                return new LighttpdServer(dir, process, port);
            }

            var why = await process.StandardError.ReadToEndAsync();
            process.Dispose();
            if (attempt == 5)
            {
                dir.Delete(recursive: true);
                throw new InvalidOperationException($"lighttpd did not start after {attempt} attempts: {why}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
        _dir.Delete(recursive: true);
    }

    private static int ReservePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<bool> WaitUntilListeningAsync(Process process, int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (process.HasExited)
            {
                return false;
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        process.Kill(entireProcessTree: true);
        return false;
    }

    /// <summary>htpasswd with a {SHA} entry, htdigest with one line per algorithm (MD5, SHA-256, SHA-512/256).</summary>
    private static void WriteSite(string dir, string user, string password)
    {
        foreach (var area in new[] { "basic", "digest-md5", "digest-sha256", "digest-sha512-256" })
        {
            Directory.CreateDirectory(Path.Combine(dir, "www", area));
            File.WriteAllText(Path.Combine(dir, "www", area, "index.txt"), $"inside {area}\n");
        }

        var sha1 = Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(password)));
        File.WriteAllText(Path.Combine(dir, "htpasswd"), $"{user}:{{SHA}}{sha1}\n");
        File.WriteAllText(Path.Combine(dir, "htdigest"), string.Join('\n', new[] { ("MD5", Realm), ("SHA-256", Realm), ("SHA-512-256", Realm512) }
            .Select(a => $"{user}:{a.Item2}:{IndependentHash.Hex(a.Item1, $"{user}:{a.Item2}:{password}")}")) + "\n");
    }

    private static string Config(string dir, int port) => $$"""
        server.document-root = "{{dir}}/www"
        server.bind = "127.0.0.1"
        server.port = {{port}}
        server.errorlog = "{{dir}}/error.log"
        server.modules = ("mod_auth", "mod_authn_file")
        mimetype.assign = (".txt" => "text/plain")
        auth.backend.htpasswd.userfile = "{{dir}}/htpasswd"
        auth.backend.htdigest.userfile = "{{dir}}/htdigest"
        $HTTP["url"] =~ "^/basic/" { auth.backend = "htpasswd" }
        $HTTP["url"] =~ "^/digest" { auth.backend = "htdigest" }
        auth.require = (
          "/basic/" => ("method" => "basic", "realm" => "{{Realm}}", "require" => "valid-user"),
          "/digest-md5/" => ("method" => "digest", "realm" => "{{Realm}}", "require" => "valid-user", "algorithm" => "MD5"),
          "/digest-sha256/" => ("method" => "digest", "realm" => "{{Realm}}", "require" => "valid-user", "algorithm" => "SHA-256"),
          "/digest-sha512-256/" => ("method" => "digest", "realm" => "{{Realm512}}", "require" => "valid-user", "algorithm" => "SHA-512-256"),
        )
        """;
}
