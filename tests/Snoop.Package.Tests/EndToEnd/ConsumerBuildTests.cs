using System.Text.Json;
using Snoop.Package.Tests.Infrastructure;

namespace Snoop.Package.Tests.EndToEnd;

/// <summary>A fresh app references the package from the local feed and builds with the plain CLI.</summary>
[Collection(PackageCollection.Name)]
public sealed class ConsumerBuildTests(PackageFixture fixture)
{
    [Fact]
    public async Task Dotnet_build_reports_the_expected_rules_with_their_help_links()
    {
        var outcome = await fixture.NaiveBuildAsync();
        Assert.True(outcome.Build.Succeeded, outcome.Build.ToString());

        var diagnostics = BuildDiagnostic.Parse(outcome.Build.Output);
        Assert.Equal(ConsumerApp.ExpectedIds, diagnostics.Select(d => d.Id).Distinct().Order().ToArray());
        Assert.All(diagnostics, d =>
        {
            Assert.Equal("warning", d.Severity);
            Assert.Equal($"https://github.com/snoop-dotnet/snoop/blob/main/docs/rules/{d.Id}.md", d.HelpLink);
        });
        Assert.Contains(diagnostics, d => d.Id == "SNOOP001" && d.File == "ResponseBodyLoggingMiddleware.cs");
        Assert.Contains(diagnostics, d => d.Id == "SNOOP003" && d.File == "ByteCountingMiddleware.cs");
        Assert.Contains(diagnostics, d => d.Id == "SNOOP004" && d.File == "TimingBodyFeature.cs");
    }

    [Fact]
    public async Task The_consumer_restores_from_the_local_feed_alone_and_gets_the_runtime_and_the_analyzers()
    {
        var outcome = await fixture.NaiveBuildAsync();
        Assert.True(outcome.Build.Succeeded, outcome.Build.ToString());

        // The nuget.config clears every other source, and this package folder started empty: if the app
        // needed any other package, restore would have failed, and anything else would show up here.
        Assert.Equal(["snoop.analyzers"], Directory.GetDirectories(fixture.Packages).Select(d => Path.GetFileName(d)).ToArray());
        Assert.True(Directory.Exists(fixture.ExtractedPackage), fixture.ExtractedPackage);

        // The runtime came from lib/net10.0 of this run's package and was copied next to the app.
        var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(outcome.Consumer.Directory, "obj", "project.assets.json")));
        var library = assets.RootElement.GetProperty("targets").GetProperty("net10.0").GetProperty($"Snoop.Analyzers/{fixture.Version}");
        Assert.True(library.GetProperty("compile").TryGetProperty("lib/net10.0/Snoop.dll", out _));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(outcome.Consumer.AssemblyPath)!, "Snoop.dll")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(outcome.Consumer.AssemblyPath)!, "Snoop.Analyzers.dll")));
    }

    [Fact]
    public async Task The_SARIF_log_lists_the_rules_with_their_help_links()
    {
        var outcome = await fixture.NaiveBuildAsync();
        Assert.True(File.Exists(outcome.SarifPath), "no SARIF log at " + outcome.SarifPath + "\n" + outcome.Build);

        using var sarif = JsonDocument.Parse(File.ReadAllText(outcome.SarifPath));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var run = sarif.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .Where(r => r.GetProperty("id").GetString()!.StartsWith("SNOOP", StringComparison.Ordinal))
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("helpUri").GetString());
        foreach (var id in ConsumerApp.ExpectedReportedIds)
        {
            Assert.Equal($"https://github.com/snoop-dotnet/snoop/blob/main/docs/rules/{id}.md", rules[id]);
        }

        var reported = run.GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("ruleId").GetString()!)
            .Where(id => id.StartsWith("SNOOP", StringComparison.Ordinal))
            .Distinct().Order().ToArray();
        Assert.Equal(ConsumerApp.ExpectedReportedIds, reported);
    }

    [Fact]
    public async Task Editorconfig_severity_error_fails_the_build_and_none_silences_the_rule()
    {
        var consumer = fixture.CreateConsumer("severity");

        consumer.WriteFile(".editorconfig", """
            root = true

            [*.cs]
            dotnet_diagnostic.SNOOP001.severity = error
            """);
        var asError = await consumer.BuildAsync();
        Assert.False(asError.Succeeded, asError.ToString());
        var errors = BuildDiagnostic.Parse(asError.Output);
        Assert.Contains(errors, d => d.Id == "SNOOP001" && d.Severity == "error");
        Assert.DoesNotContain(errors, d => d.Id != "SNOOP001" && d.Severity == "error");

        consumer.WriteFile(".editorconfig", """
            root = true

            [*.cs]
            dotnet_diagnostic.SNOOP001.severity = none
            """);
        var silenced = await consumer.BuildAsync();
        Assert.True(silenced.Succeeded, silenced.ToString());
        var left = BuildDiagnostic.Parse(silenced.Output);
        Assert.DoesNotContain(left, d => d.Id == "SNOOP001");
        Assert.Equal(["SNOOP003", "SNOOP004"], left.Select(d => d.Id).Distinct().Order().ToArray());
    }
}
