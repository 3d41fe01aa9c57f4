using Snoop.Package.Tests.Infrastructure;

namespace Snoop.Package.Tests.EndToEnd;

/// <summary>
/// The naive app does not stream; <c>dotnet format analyzers</c> applies the package's fixes; the fixed app
/// builds without SNOOP warnings and streams server-sent events.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class FormatAndServeTests(PackageFixture fixture)
{
    [Fact]
    public async Task The_naive_app_holds_the_first_event_back_until_the_handler_ends()
    {
        var outcome = await fixture.NaiveBuildAsync();
        Assert.True(outcome.Build.Succeeded, outcome.Build.ToString());

        await using var app = await RunningApp.StartAsync(outcome.Consumer.AssemblyPath);
        var (first, second) = await ServerSentEvents.ObserveAsync(app.Client);

        // The MemoryStream held "first" back, so the test could not release the handler while it waited.
        Assert.Equal("first", first);
        Assert.Equal("released=false", second);
    }

    [Fact]
    public async Task Dotnet_format_applies_the_fixes_and_the_fixed_app_builds_clean_and_streams()
    {
        var consumer = fixture.CreateConsumer("fixed");
        var restore = await consumer.RunAsync("restore", consumer.ProjectPath);
        Assert.True(restore.Succeeded, restore.ToString());
        var before = ConsumerApp.SampleFiles.ToDictionary(f => f, consumer.ReadFile);

        var format = await consumer.RunAsync(
            "format", "analyzers", consumer.ProjectPath,
            "--diagnostics", "SNOOP001", "SNOOP002", "SNOOP003", "SNOOP004",
            "--severity", "info", "--no-restore", "--verbosity", "normal");
        Assert.True(format.Succeeded, format.ToString());

        // Every naive file was rewritten, and the buffering middleware now uses the runtime from the package.
        Assert.All(ConsumerApp.SampleFiles, f => Assert.NotEqual(before[f], consumer.ReadFile(f)));
        var logging = consumer.ReadFile("ResponseBodyLoggingMiddleware.cs");
        Assert.Contains("ResponseCapture.Begin", logging);
        Assert.DoesNotContain("new MemoryStream", logging);

        var build = await consumer.BuildAsync();
        Assert.True(build.Succeeded, build + "\n\n" + string.Join("\n\n", ConsumerApp.SampleFiles.Select(consumer.ReadFile)));
        Assert.Empty(BuildDiagnostic.Parse(build.Output));
        Assert.DoesNotContain(": error ", build.Output);

        await using var app = await RunningApp.StartAsync(consumer.AssemblyPath);
        var (first, second) = await ServerSentEvents.ObserveAsync(app.Client);

        // The first event reached the test while the handler was still waiting, so the test could release it.
        Assert.Equal("first", first);
        Assert.Equal("released=true", second);
        Assert.DoesNotContain("Synchronous operations are disallowed", app.Output);
    }
}
