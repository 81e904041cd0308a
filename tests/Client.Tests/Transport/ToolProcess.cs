using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Courier.ClientTests.Transport;

/// <summary>An outside server (nghttpd, tinyproxy) started by a test and killed by it, ready once its port accepts.</summary>
internal sealed class ToolProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ToolProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>
    /// Starts <paramref name="path"/>. These tools cannot report a port they chose, so the port is found by binding
    /// a socket to 127.0.0.1 port 0 and reading it back, then handed to the tool (retried if another process takes it).
    /// </summary>
    public static async Task<ToolProcess> StartAsync(string path, Func<int, string[]> arguments)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = RetryTests.FreePort();
            var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments(port))
            {
                info.ArgumentList.Add(argument);
            }

            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var tool = new ToolProcess(process, port);
            if (await tool.WaitReadyAsync())
            {
                return tool;
            }

            await tool.DisposeAsync();
            if (attempt == 2)
            {
                throw new InvalidOperationException($"{path} did not start listening on 127.0.0.1:{port}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task<bool> WaitReadyAsync()
    {
        for (var i = 0; i < 100 && !_process.HasExited; i++)
        {
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port));
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }
}
