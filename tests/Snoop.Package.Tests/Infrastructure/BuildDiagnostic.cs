using System.Text.RegularExpressions;

namespace Snoop.Package.Tests.Infrastructure;

/// <summary>One diagnostic line of MSBuild's console logger: <c>file(line,col): warning ID: message (help link) [project]</c>.</summary>
public sealed partial record BuildDiagnostic(string File, int Line, string Severity, string Id, string Message, string? HelpLink)
{
    /// <summary>The distinct diagnostics whose ID starts with <paramref name="prefix"/> (the logger repeats them in its summary).</summary>
    public static IReadOnlyList<BuildDiagnostic> Parse(string output, string prefix = "SNOOP")
    {
        var found = new List<BuildDiagnostic>();
        foreach (var line in output.Split('\n'))
        {
            var match = LinePattern().Match(line.TrimEnd('\r'));
            if (!match.Success || !match.Groups["id"].Value.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var message = match.Groups["message"].Value;
            string? help = null;
            var link = HelpPattern().Match(message);
            if (link.Success)
            {
                help = link.Groups["url"].Value;
                message = message[..link.Index];
            }

            var diagnostic = new BuildDiagnostic(
                Path.GetFileName(match.Groups["file"].Value),
                int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["severity"].Value,
                match.Groups["id"].Value,
                message,
                help);
            if (!found.Contains(diagnostic))
            {
                found.Add(diagnostic);
            }
        }

        return found;
    }

    public override string ToString() => $"{File}({Line}): {Severity} {Id}: {Message} ({HelpLink})";

    [GeneratedRegex(@"^\s*(?<file>[^(]+)\((?<line>\d+),\d+\): (?<severity>warning|error|info) (?<id>[A-Z]+\d+): (?<message>.*) \[[^\]]+\]$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@" \((?<url>https?://[^)\s]+)\)$")]
    private static partial Regex HelpPattern();
}
