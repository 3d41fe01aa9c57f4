using System.IO.Compression;

namespace Snoop.Package.Tests.Infrastructure;

/// <summary>
/// Packs Snoop.Analyzers once per test run, with a version of its own, into a local feed in a temporary folder;
/// creates consumer projects that restore from that feed only, into a package folder of their own, so no
/// package cached by an earlier run or by the repository's build can stand in for the one under test.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    private readonly object _gate = new();
    private Task<BuildOutcome>? _naiveBuild;

    public PackageFixture()
    {
        Version = "0.1.0-e2e." + DateTime.UtcNow.Ticks;
        Root = Path.Combine(Path.GetTempPath(), "snoop-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "packages");
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(Packages);
    }

    /// <summary>The temporary folder everything of this run lives in.</summary>
    public string Root { get; }

    /// <summary>The local feed: a folder holding the packed .nupkg.</summary>
    public string Feed { get; }

    /// <summary>The consumers' NuGet package folder (NUGET_PACKAGES), empty before the first restore.</summary>
    public string Packages { get; }

    /// <summary>A prerelease version unique to this run.</summary>
    public string Version { get; }

    public string PackagePath => Path.Combine(Feed, $"Snoop.Analyzers.{Version}.nupkg");

    /// <summary>Where the consumers' restore extracts the package.</summary>
    public string ExtractedPackage => Path.Combine(Packages, "snoop.analyzers", Version);

    /// <summary>The variables every consumer command runs with.</summary>
    public IReadOnlyDictionary<string, string> ConsumerEnvironment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages };

    public CommandResult? PackResult { get; private set; }

    public async Task InitializeAsync()
    {
        // What a maintainer runs, on what the solution build produced (the test project builds src/Snoop first).
        PackResult = await DotNet.RunAsync(
            DotNet.RepositoryRoot,
            environment: null,
            CommandTimeout,
            "pack", Path.Combine(DotNet.RepositoryRoot, "src", "Snoop", "Snoop.csproj"),
            "-c", DotNet.Configuration, "--no-build", "-nologo", "-tl:off",
            "-p:Version=" + Version, "-o", Feed);
        if (!PackResult.Succeeded || !File.Exists(PackagePath))
        {
            throw new InvalidOperationException("dotnet pack failed:\n" + PackResult);
        }
    }

    public Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("SNOOP_E2E_KEEP") is null)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A process that was killed may still hold a file for a moment; the folder is in temp.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The entries of the packed .nupkg, with forward slashes.</summary>
    public IReadOnlyList<string> PackageEntries()
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    /// <summary>The text of one entry of the packed .nupkg.</summary>
    public string ReadPackageEntry(string name)
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        var entry = zip.GetEntry(name) ?? throw new FileNotFoundException(name + " is not in the package");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    /// <summary>Writes a fresh consumer app into a new folder and returns it.</summary>
    public Consumer CreateConsumer(string name)
    {
        var directory = Path.Combine(Root, name);
        ConsumerApp.Write(directory, Version, Feed);
        return new Consumer(this, directory);
    }

    /// <summary>
    /// One consumer, restored and built as written (naive) with a SARIF log: shared by the tests that only read
    /// the outcome (warnings, SARIF, the naive app's behaviour).
    /// </summary>
    public Task<BuildOutcome> NaiveBuildAsync()
    {
        lock (_gate)
        {
            return _naiveBuild ??= BuildNaiveAsync();
        }
    }

    private async Task<BuildOutcome> BuildNaiveAsync()
    {
        var consumer = CreateConsumer("naive");
        var sarif = Path.Combine(consumer.Directory, "build.sarif");
        var result = await consumer.BuildAsync("-p:ErrorLog=" + sarif + "%2Cversion=2.1");
        return new BuildOutcome(consumer, result, sarif);
    }
}

/// <summary>A consumer build and where its SARIF log went.</summary>
public sealed record BuildOutcome(Consumer Consumer, CommandResult Build, string SarifPath);

/// <summary>A generated consumer project and the commands a user runs in it.</summary>
public sealed class Consumer(PackageFixture fixture, string directory)
{
    public string Directory { get; } = directory;

    public string ProjectPath => Path.Combine(Directory, ConsumerApp.ProjectFileName);

    public string AssemblyPath => Path.Combine(Directory, "bin", "Debug", "net10.0", ConsumerApp.AssemblyName + ".dll");

    public Task<CommandResult> RunAsync(params string[] arguments)
        => DotNet.RunAsync(Directory, fixture.ConsumerEnvironment, PackageFixture.CommandTimeout, arguments);

    /// <summary><c>dotnet build</c> with the console logger, every file compiled again.</summary>
    public Task<CommandResult> BuildAsync(params string[] extra)
        => RunAsync(["build", ProjectPath, "-nologo", "-tl:off", "--no-incremental", .. extra]);

    public void WriteFile(string relativePath, string text) => File.WriteAllText(Path.Combine(Directory, relativePath), text);

    public string ReadFile(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));
}
