namespace Courier.Cli;

/// <summary>The <c>courier</c> command.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        _ = args;
        Console.WriteLine("courier: not built yet");
        return 0;
    }
}
