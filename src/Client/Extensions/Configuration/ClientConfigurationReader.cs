using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Courier.Configuration;

/// <summary>
/// Reads a <c>Courier:Clients:&lt;name&gt;</c> section over <see cref="ClientOptions"/>, by hand rather than with the
/// reflection binder, so that every bad value and every unknown key is reported with its full configuration path.
/// </summary>
internal static partial class ClientConfigurationReader
{
    /// <summary>The settings a section may hold, for the message about an unknown key.</summary>
    public const string KnownKeys = "BaseUrl, Timeout, Timeouts:{Connect,Read,Write,Pool}, Limits:{MaxConnections,MaxKeepAliveConnections,KeepAliveExpiry}, Http1, Http2, Retries, FollowRedirects, MaxRedirects, AllowDowngradeRedirects, MaxResponseHeadersLength, Verify, TrustEnv, Proxy, CaFile, MaxDecodedBodySize, Headers:<name>";

    public static ClientOptions Apply(IConfigurationSection section, ClientOptions options, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            options = ApplyOne(child, options, errors);
        }

        return options;
    }

    private static ClientOptions ApplyOne(IConfigurationSection child, ClientOptions o, List<string> errors)
    {
        var r = new Reader(child, errors);
        switch (child.Key.ToUpperInvariant())
        {
            case "BASEURL":
                return r.Url(requireHttp: true) is { } baseUrl ? o with { BaseUrl = baseUrl } : o;
            case "TIMEOUT":
                return r.Duration() is { } all ? o with { Timeouts = new Timeouts(all) } : o;
            case "TIMEOUTS":
                return o with { Timeouts = ReadTimeouts(child, o.Timeouts, errors) };
            case "LIMITS":
                return o with { Limits = ReadLimits(child, o.Limits, errors) };
            case "HTTP1":
                return r.Bool() is { } http1 ? o with { Http1 = http1 } : o;
            case "HTTP2":
                return r.Bool() is { } http2 ? o with { Http2 = http2 } : o;
            case "RETRIES":
                return r.Int(min: 0) is { } retries ? o with { Retries = retries } : o;
            case "FOLLOWREDIRECTS":
                return r.Bool() is { } follow ? o with { FollowRedirects = follow } : o;
            case "MAXREDIRECTS":
                return r.Int(min: 0) is { } max ? o with { MaxRedirects = max } : o;
            case "ALLOWDOWNGRADEREDIRECTS":
                return r.Bool() is { } downgrade ? o with { AllowDowngradeRedirects = downgrade } : o;
            case "MAXRESPONSEHEADERSLENGTH":
                return r.Int(min: 1024) is { } headers ? o with { MaxResponseHeadersLength = headers } : o;
            case "VERIFY":
                return r.Bool() is { } verify ? o with { Verify = verify } : o;
            case "TRUSTENV":
                return r.Bool() is { } trustEnv ? o with { TrustEnv = trustEnv } : o;
            case "PROXY":
                return r.Url(requireHttp: false) is { } proxy ? o with { Proxy = proxy } : o;
            case "CAFILE":
                return r.File() is { } caFile ? o with { CaFile = caFile } : o;
            case "MAXDECODEDBODYSIZE":
                return r.Long(min: 1) is { } size ? o with { MaxDecodedBodySize = size } : o;
            case "HEADERS":
                return o with { Headers = ReadHeaders(child, o.Headers, errors) };
            default:
                errors.Add($"{child.Path}: '{child.Key}' is not a Courier client setting. Known settings: {KnownKeys}.");
                return o;
        }
    }

    private static Timeouts ReadTimeouts(IConfigurationSection section, Timeouts timeouts, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            var value = new Reader(child, errors);
            timeouts = child.Key.ToUpperInvariant() switch
            {
                "CONNECT" => value.Duration() is { } d ? timeouts with { Connect = d } : timeouts,
                "READ" => value.Duration() is { } d ? timeouts with { Read = d } : timeouts,
                "WRITE" => value.Duration() is { } d ? timeouts with { Write = d } : timeouts,
                "POOL" => value.Duration() is { } d ? timeouts with { Pool = d } : timeouts,
                _ => Unknown(child, errors, "Connect, Read, Write, Pool", timeouts),
            };
        }

        return timeouts;
    }

    private static Limits ReadLimits(IConfigurationSection section, Limits limits, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            var value = new Reader(child, errors);
            limits = child.Key.ToUpperInvariant() switch
            {
                "MAXCONNECTIONS" => value.Int(min: 1) is { } n ? limits with { MaxConnections = n } : limits,
                "MAXKEEPALIVECONNECTIONS" => value.Int(min: 0) is { } n ? limits with { MaxKeepAliveConnections = n } : limits,
                "KEEPALIVEEXPIRY" => value.Duration() is { } d ? limits with { KeepAliveExpiry = d } : limits,
                _ => Unknown(child, errors, "MaxConnections, MaxKeepAliveConnections, KeepAliveExpiry", limits),
            };
        }

        return limits;
    }

    private static Headers? ReadHeaders(IConfigurationSection section, Headers? headers, List<string> errors)
    {
        var merged = new Headers();
        foreach (var (name, value) in headers ?? new Headers())
        {
            merged.Add(name, value);
        }

        foreach (var child in section.GetChildren())
        {
            try
            {
                merged.Remove(child.Key);
                merged.Add(child.Key, child.Value ?? string.Empty);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
            {
                errors.Add($"{child.Path}: not a valid header: {ex.Message.Split(" (Parameter")[0]}");
            }
        }

        return merged;
    }

    private static T Unknown<T>(IConfigurationSection child, List<string> errors, string known, T unchanged)
    {
        errors.Add($"{child.Path}: '{child.Key}' is not a setting here. Known: {known}.");
        return unchanged;
    }
}
