namespace Snoop.Package.Tests.Infrastructure;

/// <summary>
/// A fresh ASP.NET Core app that a user might write: the naive shapes of samples/NaiveApp (copied from the
/// sample, so the sample and this test cannot drift apart), a Program.cs of its own with an SSE endpoint the
/// test can observe deterministically, and the package referenced from the local feed only.
/// </summary>
public static class ConsumerApp
{
    public const string AssemblyName = "Consumer";

    public const string ProjectFileName = AssemblyName + ".csproj";

    /// <summary>The sample's naive files: SNOOP001, SNOOP003 and SNOOP004 in that order.</summary>
    public static readonly string[] SampleFiles = ["ResponseBodyLoggingMiddleware.cs", "ByteCountingMiddleware.cs", "TimingBodyFeature.cs"];

    /// <summary>What <c>dotnet build</c> of the naive consumer reports, one ID per shape.</summary>
    public static readonly string[] ExpectedIds = ["SNOOP001", "SNOOP003", "SNOOP004"];

    /// <summary>
    /// Everything the analyzers report on the sample files: the warnings and SNOOP007, an Info on the counting
    /// middleware's <c>Response.Body</c> wrapper (SARIF and an editor list it; the console build prints warnings only).
    /// </summary>
    public static readonly string[] ExpectedReportedIds = ["SNOOP001", "SNOOP003", "SNOOP004", "SNOOP007"];

    /// <summary>
    /// The SSE handler writes and flushes a first event, then waits (at most 10 s) for the client to call
    /// /release, which the test does only after it has read that first event; the second event says whether
    /// the release came in time. A streaming app says released=true; a buffering one cannot deliver the first
    /// event before the handler ends, so it says released=false. No clock is asserted.
    /// </summary>
    public const string Program = """
        using Microsoft.AspNetCore.Http.Features;
        using NaiveApp;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        app.UseMiddleware<ResponseBodyLoggingMiddleware>();
        app.UseMiddleware<ByteCountingMiddleware>();
        app.Use(async (context, next) =>
        {
            var feature = new TimingBodyFeature(context.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
            context.Features.Set<IHttpResponseBodyFeature>(feature);
            await next(context);
        });

        app.MapGet("/", () => "ready");

        app.MapGet("/events", async (HttpContext context, CancellationToken cancellationToken) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: first\n\n", cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
            var winner = await Task.WhenAny(released.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
            var inTime = winner == released.Task ? "true" : "false";
            await context.Response.WriteAsync($"data: released={inTime}\n\n", cancellationToken);
        });

        app.MapPost("/release", () =>
        {
            released.TrySetResult();
            return Results.NoContent();
        });

        app.Run();
        """;

    /// <summary>Writes the project into <paramref name="directory"/>.</summary>
    public static void Write(string directory, string version, string feed)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ProjectFileName), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <AssemblyName>{AssemblyName}</AssemblyName>
                <RootNamespace>Consumer</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Snoop.Analyzers" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="snoop-e2e" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), Program);
        foreach (var file in SampleFiles)
        {
            File.Copy(Path.Combine(DotNet.RepositoryRoot, "samples", "NaiveApp", file), Path.Combine(directory, file));
        }
    }
}
