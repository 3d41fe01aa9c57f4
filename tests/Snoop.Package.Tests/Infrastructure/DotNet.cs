using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Snoop.Package.Tests.Infrastructure;

/// <summary>The outcome of one <c>dotnet</c> command: exit code and the interleaved output.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"$ {CommandLine}\n(exit {ExitCode})\n{Output}";
}

/// <summary>
/// Runs the <c>dotnet</c> CLI the way a user's shell would: a clean environment (nothing of the MSBuild that
/// built or hosts the test leaks in), no build servers left behind, a bounded wait.
/// </summary>
public static class DotNet
{
    /// <summary>The repository this test assembly was built from.</summary>
    public static readonly string RepositoryRoot = GetMetadata("SnoopRepositoryRoot");

    /// <summary>The configuration this test assembly was built in (the runtime and analyzers were built in it too).</summary>
    public static readonly string Configuration = GetMetadata("SnoopConfiguration");

    /// <summary>The variables a test host inherits from MSBuild/VSTest that would redirect a child build.</summary>
    private static readonly string[] s_strippedPrefixes = ["MSBUILD", "DOTNET_HOST_PATH", "VSTEST", "TESTINGPLATFORM", "DOTNET_CLI_CONTEXT", "_MSBUILD"];

    private static readonly string[] s_strippedNames = ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "RunningUnderVSTest", "DOTNET_LAUNCH_PROFILE"];

    /// <summary>A start info for <paramref name="fileName"/> with the cleaned environment and <paramref name="environment"/> on top.</summary>
    public static ProcessStartInfo CreateStartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in info.Environment.Keys.ToArray())
        {
            if (s_strippedPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                || s_strippedNames.Any(n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase)))
            {
                info.Environment.Remove(key);
            }
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // No MSBuild nodes or compiler server outliving the command (they would hold our output pipes open).
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        return info;
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> and returns its output; kills it after <paramref name="timeout"/>.</summary>
    public static async Task<CommandResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] arguments)
    {
        var info = CreateStartInfo("dotnet", arguments, workingDirectory, environment);
        var commandLine = "dotnet " + string.Join(" ", arguments);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{commandLine}' did not finish within {timeout}:\n{Snapshot(output)}");
        }

        return new CommandResult(commandLine, process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string GetMetadata(string key)
        => typeof(DotNet).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
           ?? throw new InvalidOperationException(key + " is not set");
}
