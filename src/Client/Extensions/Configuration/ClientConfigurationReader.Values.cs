using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Courier.Configuration;

internal static partial class ClientConfigurationReader
{
    /// <summary>Parses one value; a bad one adds an error naming the key and what to write instead, and gives null.</summary>
    private readonly struct Reader(IConfigurationSection section, List<string> errors)
    {
        private string Text => section.Value?.Trim() ?? string.Empty;

        public bool? Bool()
        {
            if (bool.TryParse(Text, out var value))
            {
                return value;
            }

            return Fail<bool>("is not true or false");
        }

        public int? Int(int min)
        {
            if (int.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min)
            {
                return value;
            }

            return Fail<int>($"must be a whole number of at least {min}");
        }

        public long? Long(long min)
        {
            if (long.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min)
            {
                return value;
            }

            return Fail<long>($"must be a whole number of at least {min}");
        }

        /// <summary>Seconds as a number (<c>2.5</c>), a <c>TimeSpan</c> (<c>00:00:02.5</c>), or <c>Infinite</c>.</summary>
        public TimeSpan? Duration()
        {
            var text = Text;
            if (string.Equals(text, "Infinite", StringComparison.OrdinalIgnoreCase) || text == "-1")
            {
                return Timeout.InfiniteTimeSpan;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
            {
                return span;
            }

            return Fail<TimeSpan>("is not a positive duration; write seconds (2.5), hh:mm:ss (00:00:02.5) or Infinite");
        }

        public Uri? Url(bool requireHttp)
        {
            if (Uri.TryCreate(Text, UriKind.Absolute, out var url) && (!requireHttp || url.Scheme is "http" or "https"))
            {
                return url;
            }

            return FailRef<Uri>(requireHttp ? "is not an absolute http or https URL such as https://api.example.com/v1/" : "is not an absolute URL such as http://proxy:3128");
        }

        public string? File()
        {
            if (System.IO.File.Exists(Text))
            {
                return Text;
            }

            return FailRef<string>("names no existing file");
        }

        private T? Fail<T>(string problem)
            where T : struct
        {
            errors.Add($"{section.Path}: '{section.Value}' {problem}.");
            return null;
        }

        private T? FailRef<T>(string problem)
            where T : class
        {
            errors.Add($"{section.Path}: '{section.Value}' {problem}.");
            return null;
        }
    }
}
