namespace Courier.DependencyInjection;

/// <summary>
/// Hands out the named Courier clients registered with <c>services.AddCourierClient(name)</c>. Each name has one
/// transport (one connection pool) for the container's lifetime; every <see cref="CreateClient"/> returns a new, cheap
/// <see cref="Client"/> over it, with its own cookie jar. Disposing such a client is optional and leaves the pool open.
/// </summary>
public interface ICourierClientFactory
{
    /// <summary>A client for <paramref name="name"/>, over that name's shared transport.</summary>
    /// <param name="name">The name given to <c>AddCourierClient</c>.</param>
    /// <exception cref="InvalidOperationException">No client of that name is registered.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The name's options are invalid (each error names its configuration key).</exception>
    Client CreateClient(string name);
}
