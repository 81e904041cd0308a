using Courier.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Courier.DependencyInjection;

/// <summary>Everything registered for one client name (named options), resolved once into <see cref="Resolved"/>.</summary>
internal sealed class CourierClientRegistration
{
    public const string SectionPrefix = "Courier:Clients:";

    public bool IsRegistered { get; set; }

    public ClientOptions Defaults { get; set; } = new();

    public List<Func<IServiceProvider, ClientOptions, ClientOptions>> OptionsActions { get; } = [];

    public Func<IServiceProvider, ClientOptions, HttpMessageHandler>? Transport { get; set; }

    public bool DisposeTransport { get; set; } = true;

    public List<Func<IServiceProvider, HttpMessageHandler, HttpMessageHandler>> TransportWrappers { get; } = [];

    public ClientOptions? Resolved { get; private set; }

    public List<string> Errors { get; } = [];

    /// <summary>Code defaults, then the configuration section over them, then the <c>ConfigureOptions</c> callbacks.</summary>
    public void Resolve(string name, IServiceProvider services)
    {
        var options = Defaults;
        if (services.GetService<IConfiguration>() is { } configuration)
        {
            var section = configuration.GetSection(SectionPrefix + name);
            if (section.Exists())
            {
                options = ClientConfigurationReader.Apply(section, options, Errors);
            }
        }

        foreach (var action in OptionsActions)
        {
            options = action(services, options);
        }

        Resolved = options;
    }
}

/// <summary>Resolves every registered name after all its <c>Configure</c> actions ran.</summary>
internal sealed class ResolveRegistration(IServiceProvider services) : IPostConfigureOptions<CourierClientRegistration>
{
    public void PostConfigure(string? name, CourierClientRegistration options)
    {
        if (name is not null && options.IsRegistered)
        {
            options.Resolve(name, services);
        }
    }
}

/// <summary>Fails a registration whose configuration or options are invalid, naming the keys.</summary>
internal sealed class ValidateRegistration : IValidateOptions<CourierClientRegistration>
{
    public ValidateOptionsResult Validate(string? name, CourierClientRegistration options)
    {
        if (name is null || !options.IsRegistered || options.Resolved is null)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>(options.Errors);
        if (errors.Count == 0)
        {
            try
            {
                options.Resolved.Validate();
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{CourierClientRegistration.SectionPrefix}{name}: {ex.Message.Split(" (Parameter")[0]}");
            }
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Prepend($"The Courier client '{name}' is misconfigured; fix these settings (configuration section '{CourierClientRegistration.SectionPrefix}{name}' or the code that registers it):"));
    }
}
