using System.Runtime.InteropServices;

namespace Courier.Cli;

/// <summary>
/// Ctrl+C and SIGTERM for a long-running command, registered before it prints its URL. System.CommandLine registers
/// its own handlers only once the action first yields, so a client that reads the URL and signals at once could
/// otherwise kill the process the default way (exit 143, nothing saved). Cancels <see cref="Token"/> (also cancelled
/// with the command's own token).
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly List<PosixSignalRegistration> _registrations = [];

    public ShutdownSignals(CancellationToken commandToken)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(commandToken);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, Handle));
            }
            catch (PlatformNotSupportedException)
            {
                // The command's own handling still applies.
            }
        }
    }

    public CancellationToken Token => _cancel.Token;

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already shutting down.
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }
}
