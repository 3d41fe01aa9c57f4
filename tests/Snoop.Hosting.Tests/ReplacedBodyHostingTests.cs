using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Snoop.Tests.FeatureMatrix;
using Snoop.Tests.Infrastructure;

namespace Snoop.Hosting.Tests;

/// <summary>
/// Proof by hosting for SNOOP007: a response-size middleware that installs a counting wrapper as <c>Response.Body</c> is
/// served by Kestrel as written, then fixed by the SNOOP007 code fix through the workspace API, compiled against the real
/// runtime and served again. A spy sitting directly on the server's body feature shows what reaches the server: before the
/// fix a file is copied through the wrapper and JSON goes through a pipe over it; after the fix the file reaches the
/// server's own SendFileAsync and JSON the server's own pipe. The client gets the same bytes and the logged size is the same.
/// </summary>
public class ReplacedBodyHostingTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int FileLength = 100_000;

    [Fact]
    public async Task CountingWrapperFix_KeepsSendFileAndTheServerPipe_AndTheCount()
    {
        var fix = await FixApplier.FixAsync(NaiveSources.CountingBody, "SNOOP007");
        output.WriteLine(string.Join("\n", fix.Applied) + "\n\n" + fix.Source);
        Assert.Contains(fix.Applied, a => a.StartsWith("SNOOP007", StringComparison.Ordinal));
        Assert.DoesNotContain("SNOOP007", fix.Remaining);
        Assert.Contains("ResponseCapture.BeginMetrics(context)", fix.Source);
        Assert.DoesNotContain("context.Response.Body =", fix.Source);

        var (before, after, content) = await ServeBeforeAndAfterAsync(NaiveSources.CountingBody, fix.Source, "counting", seed: 7);

        // What reached the server.
        Assert.Equal("Stream", before.Paths["/file"]);
        Assert.Equal("Stream", before.Paths["/json"]);
        Assert.Equal("SendFileAsync(0,rest)", after.Paths["/file"]);
        Assert.Equal("BodyWriter", after.Paths["/json"]);
        Assert.Equal("Stream", before.Paths["/text"]);
        Assert.Equal("BodyWriter", after.Paths["/text"]); // Response.WriteAsync writes to BodyWriter

        // What the client got.
        Assert.Equal(content, before.Bodies["/file"]);
        foreach (var path in new[] { "/file", "/json", "/text" })
        {
            Assert.Equal(before.Bodies[path], after.Bodies[path]);

            // The count, as logged: the same bytes, counted the same.
            Assert.Equal(before.Bodies[path].Length.ToString(System.Globalization.CultureInfo.InvariantCulture), before.Sizes[path]);
            Assert.Equal(before.Sizes[path], after.Sizes[path]);
        }
    }

    /// <summary>
    /// SNOOP007 on a hand-written metering body feature (a counting stream, everything else forwarded): before and after
    /// the fix, send-file and the JSON and text writes reach the server's own members and the client gets the same bytes;
    /// the count is corrected, since the naive feature counted only its stream, which the framework's writers
    /// (<c>BodyWriter</c>, <c>SendFileAsync</c>) pass by.
    /// </summary>
    [Fact]
    public async Task MeteringFeatureFix_KeepsEveryServerPath_AndCorrectsTheCount()
    {
        var fix = await FixApplier.FixAsync(NaiveSources.MeteringFeature, "SNOOP007");
        output.WriteLine(string.Join("\n", fix.Applied) + "\n\n" + fix.Source);
        Assert.Contains(fix.Applied, a => a.StartsWith("SNOOP007", StringComparison.Ordinal));
        Assert.DoesNotContain("SNOOP007", fix.Remaining);
        Assert.Contains("ResponseCapture.BeginMetrics(context)", fix.Source);
        Assert.DoesNotContain("context.Features.Set", fix.Source);

        var (before, after, content) = await ServeBeforeAndAfterAsync(NaiveSources.MeteringFeature, fix.Source, "metering", seed: 11);

        foreach (var path in new[] { "/file", "/json", "/text" })
        {
            // What reached the server, and what the client got: the same before and after.
            Assert.Equal(before.Paths[path], after.Paths[path]);
            Assert.Equal(before.Bodies[path], after.Bodies[path]);

            // The count: the naive feature saw none of it; the capture counts every byte.
            Assert.Equal("0", before.Sizes[path]);
            Assert.Equal(after.Bodies[path].Length.ToString(System.Globalization.CultureInfo.InvariantCulture), after.Sizes[path]);
        }

        Assert.Equal("SendFileAsync(0,rest)", after.Paths["/file"]);
        Assert.Equal("BodyWriter", after.Paths["/json"]);
        Assert.Equal(content, after.Bodies["/file"]);
    }

    /// <summary>
    /// SNOOP007's motivating example (feature + counting stream + counting PipeWriter): before the fix the sum counts body
    /// and BodyWriter writes, but not the files sent (forwarded past both counters); after it the capture counts the same
    /// bytes for those, and the file too; what reaches the server and the client is the same.
    /// </summary>
    [Fact]
    public async Task UsageMeteringFix_FeatureStreamAndPipeWriter_KeepsEveryServerPath_AndTheCount()
    {
        var fix = await FixApplier.FixAsync(NaiveMeteringSources.UsageMetering, "SNOOP007");
        output.WriteLine(string.Join("\n", fix.Applied) + "\n\n" + fix.Source);
        Assert.Contains(fix.Applied, a => a.StartsWith("SNOOP007", StringComparison.Ordinal));
        Assert.DoesNotContain("SNOOP007", fix.Remaining);
        Assert.Contains("ResponseCapture.BeginMetrics(context)", fix.Source);
        Assert.Contains("capture.BytesWritten", fix.Source);
        Assert.DoesNotContain("context.Features.Set", fix.Source);

        var (before, after, content) = await ServeBeforeAndAfterAsync(NaiveMeteringSources.UsageMetering, fix.Source, "usage", seed: 12);

        foreach (var path in new[] { "/file", "/json", "/text" })
        {
            Assert.Equal(before.Paths[path], after.Paths[path]);
            Assert.Equal(before.Bodies[path], after.Bodies[path]);
            Assert.Equal(after.Bodies[path].Length.ToString(System.Globalization.CultureInfo.InvariantCulture), after.Sizes[path]);
        }

        // The naive sum was right for what went through its stream and its writer, and missed the file.
        Assert.Equal(before.Sizes["/json"], after.Sizes["/json"]);
        Assert.Equal(before.Sizes["/text"], after.Sizes["/text"]);
        Assert.Equal("0", before.Sizes["/file"]);
        Assert.Equal("SendFileAsync(0,rest)", after.Paths["/file"]);
        Assert.Equal("BodyWriter", after.Paths["/json"]);
        Assert.Equal(content, after.Bodies["/file"]);
    }

    /// <summary>
    /// SNOOP007 on an observing wrapper (write statistics): the fix generates a ResponseObserver. Body writes are observed
    /// byte for byte as before; a sent file now goes to the server's SendFileAsync, which an observer sees in OnSendFile,
    /// not OnWrite, so per-write statistics no longer include the file's bytes (they were a copy through the wrapper).
    /// </summary>
    [Fact]
    public async Task ObservingWrapperFix_BecomesAnObserver_BodyWritesObservedTheSame()
    {
        var fix = await FixApplier.FixAsync(NaiveSources.StatsBody, "SNOOP007");
        output.WriteLine(string.Join("\n", fix.Applied) + "\n\n" + fix.Source);
        Assert.Contains(fix.Applied, a => a.StartsWith("SNOOP007: Observe", StringComparison.Ordinal));
        Assert.Contains("ResponseCapture.Observe(context, stats)", fix.Source);
        Assert.Contains("class WriteStatsObserver : ResponseObserver", fix.Source);
        Assert.DoesNotContain("context.Response.Body =", fix.Source);

        var (before, after, _) = await ServeBeforeAndAfterAsync(NaiveSources.StatsBody, fix.Source, "stats", seed: 13);

        Assert.Equal("Stream", before.Paths["/file"]);
        Assert.Equal("SendFileAsync(0,rest)", after.Paths["/file"]);
        Assert.Equal("BodyWriter", after.Paths["/json"]);
        foreach (var path in new[] { "/file", "/json", "/text" })
        {
            Assert.Equal(before.Bodies[path], after.Bodies[path]);
        }

        // Body writes: the same bytes observed. The file: observed by the naive wrapper as a copy, reported to OnSendFile now.
        Assert.Equal(before.Sizes["/json"], after.Sizes["/json"]);
        Assert.Equal(before.Sizes["/text"], after.Sizes["/text"]);
        Assert.Equal(FileLength.ToString(System.Globalization.CultureInfo.InvariantCulture), before.Sizes["/file"]);
        Assert.Equal("0", after.Sizes["/file"]);
    }

    /// <summary>
    /// SNOOP003's second action on a sync-only counting stream: the naive wrapper makes Kestrel refuse every async write
    /// ("Synchronous operations are disallowed"); re-based on DelegatingStream it serves the same bytes and counts them.
    /// </summary>
    [Fact]
    public async Task DeriveFromDelegatingStream_AsyncWritesWork_AndAreCounted()
    {
        var fix = await FixApplier.FixWithActionAsync(NaiveSources.SyncOnlyCountingBody, "DeriveFromDelegatingStream", "SNOOP003");
        output.WriteLine(string.Join("\n", fix.Applied) + "\n\n" + fix.Source);
        Assert.Contains(fix.Applied, a => a.StartsWith("SNOOP003: Derive from Snoop's DelegatingStream", StringComparison.Ordinal));
        Assert.DoesNotContain("SNOOP003", fix.Remaining);
        Assert.Contains("class SyncCountingStream : DelegatingStream", fix.Source);
        Assert.DoesNotContain("_inner.CanRead", fix.Source);

        var file = Path.GetTempFileName();
        try
        {
            var content = new byte[FileLength];
            new Random(17).NextBytes(content);
            await File.WriteAllBytesAsync(file, content);

            var after = await ServeAsync(FixApplier.Compile(fix.Source, "syncstream_fixed"), file);
            foreach (var path in new[] { "/file", "/json", "/text" })
            {
                Assert.Equal(after.Bodies[path].Length.ToString(System.Globalization.CultureInfo.InvariantCulture), after.Sizes[path]);
            }

            Assert.Equal(content, after.Bodies["/file"]);

            // The naive wrapper: Kestrel refuses the blocking write behind WriteAsync, so the text response fails.
            var naiveFailed = false;
            try
            {
                var before = await ServeAsync(FixApplier.Compile(NaiveSources.SyncOnlyCountingBody, "syncstream_naive"), file, paths: ["/text"]);
                naiveFailed = before.Bodies["/text"].Length != after.Bodies["/text"].Length;
            }
            catch (HttpRequestException)
            {
                naiveFailed = true;
            }

            Assert.True(naiveFailed, "the naive sync-only wrapper was expected to fail on Kestrel");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// SNOOP006's second action on a counting PipeWriter that hides UnflushedBytes: re-based on DelegatingPipeWriter, JSON
    /// (System.Text.Json asks the writer for UnflushedBytes) and text go through it, the client gets the same bytes as
    /// without the wrapper, and the count equals the body's length.
    /// </summary>
    [Fact]
    public async Task DeriveFromDelegatingPipeWriter_JsonWorks_AndIsCounted()
    {
        var fix = await FixApplier.FixWithActionAsync(NaiveSources.CountingPipeWriter, "DeriveFromDelegatingPipeWriter", "SNOOP006");
        output.WriteLine(string.Join("\n", fix.Applied) + "\n\n" + fix.Source);
        Assert.Contains(fix.Applied, a => a.StartsWith("SNOOP006: Derive from Snoop's DelegatingPipeWriter", StringComparison.Ordinal));
        Assert.DoesNotContain("SNOOP006", fix.Remaining);
        Assert.Contains("class CountingWriter : DelegatingPipeWriter", fix.Source);

        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, new byte[FileLength]);
            var after = await ServeAsync(FixApplier.Compile(fix.Source, "pipewriter_fixed"), file, paths: ["/json", "/text"]);
            Assert.Equal("BodyWriter", after.Paths["/json"]);
            foreach (var path in new[] { "/json", "/text" })
            {
                Assert.Equal(after.Bodies[path].Length.ToString(System.Globalization.CultureInfo.InvariantCulture), after.Sizes[path]);
            }

            // The naive writer: JSON fails (System.Text.Json needs UnflushedBytes on .NET 9+) or is not what the fixed one serves.
            var naiveFailed = false;
            try
            {
                var before = await ServeAsync(FixApplier.Compile(NaiveSources.CountingPipeWriter, "pipewriter_naive"), file, paths: ["/json"]);
                naiveFailed = !before.Bodies["/json"].AsSpan().SequenceEqual(after.Bodies["/json"]);
            }
            catch (HttpRequestException)
            {
                naiveFailed = true;
            }

            Assert.True(naiveFailed, "the naive writer was expected to break System.Text.Json on .NET 9+");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>SNOOP004's second action: the feature derives from DelegatingResponseBodyFeature; its send-file copy is gone, its completion count stays.</summary>
    [Fact]
    public async Task DeriveFromDelegatingFeature_SendFileReachesTheServer_AndTheCountStays()
    {
        var fix = await FixApplier.FixWithActionAsync(NaiveSources.CountingFeature, "DeriveFromDelegatingResponseBodyFeature", "SNOOP004");
        output.WriteLine(string.Join("\n", fix.Applied) + "\n\n" + fix.Source);
        Assert.Contains(fix.Applied, a => a.StartsWith("SNOOP004: Derive from Snoop's DelegatingResponseBodyFeature", StringComparison.Ordinal));
        Assert.Empty(fix.Remaining);
        Assert.DoesNotContain("SendFileFallback", fix.Source);
        Assert.Contains("base.CompleteAsync()", fix.Source);

        var (before, after, content) = await ServeBeforeAndAfterAsync(NaiveSources.CountingFeature, fix.Source, "feature", seed: 11);

        Assert.Equal("Stream", before.Paths["/file"]);
        Assert.Equal("SendFileAsync(0,rest)", after.Paths["/file"]);
        Assert.Equal("BodyWriter", before.Paths["/json"]);
        Assert.Equal("BodyWriter", after.Paths["/json"]);
        Assert.Equal(content, after.Bodies["/file"]);
        foreach (var path in new[] { "/file", "/json", "/text" })
        {
            Assert.Equal(before.Bodies[path], after.Bodies[path]);
            Assert.Equal("1", before.Sizes[path]);
            Assert.Equal(before.Sizes[path], after.Sizes[path]);
        }
    }

    /// <summary>
    /// Serves the naive code and then the fixed code, each compiled against the real runtime, over the same file of
    /// random bytes (<paramref name="seed"/>); the file is deleted afterwards.
    /// </summary>
    private static async Task<(Observed Before, Observed After, byte[] Content)> ServeBeforeAndAfterAsync(string naive, string fixedSource, string name, int seed)
    {
        var file = Path.GetTempFileName();
        try
        {
            var content = new byte[FileLength];
            new Random(seed).NextBytes(content);
            await File.WriteAllBytesAsync(file, content);
            var before = await ServeAsync(FixApplier.Compile(naive, name + "_naive"), file);
            var after = await ServeAsync(FixApplier.Compile(fixedSource, name + "_fixed"), file);
            return (before, after, content);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<Observed> ServeAsync(Assembly assembly, string file, string[]? paths = null)
    {
        var entry = assembly.GetType("Naive.Entry", throwOnError: true)!;
        var useMiddleware = entry.GetMethod("UseLogging")!.CreateDelegate<Action<IApplicationBuilder>>();
        var logs = new LogCollector();
        var spies = new ConcurrentDictionary<string, ServerBodySpy>();

        await using var host = await KestrelHost.StartAsync(
            Protocol.Http1,
            app =>
            {
                // Directly on the server's feature, below everything the application installs.
                app.Use(async (context, next) =>
                {
                    var spy = new ServerBodySpy(context.Features.Get<IHttpResponseBodyFeature>()!);
                    context.Features.Set<IHttpResponseBodyFeature>(spy);
                    spies[context.Request.Path.Value!] = spy;
                    await next(context);
                });
                useMiddleware(app);
                app.Run(async context =>
                {
                    switch (context.Request.Path.Value)
                    {
                        case "/file":
                            await context.Response.SendFileAsync(file);
                            break;
                        case "/json":
                            await context.Response.WriteAsJsonAsync(Enumerable.Range(0, 2000).Select(i => new { Id = i, Name = "item " + i }));
                            break;
                        default:
                            await context.Response.WriteAsync(string.Concat(Enumerable.Repeat("text;", 3000)));
                            break;
                    }
                });
            },
            services: services => services.AddSingleton<ILoggerProvider>(logs));

        var bodies = new Dictionary<string, byte[]>();
        var sizes = new Dictionary<string, string>();
        foreach (var path in paths ?? ["/file", "/json", "/text"])
        {
            bodies[path] = await host.Client.GetByteArrayAsync(path);
            var logged = await logs.WaitForAsync("Response size: " + path + " ");
            var line = logged.Split('\n').First(l => l.Contains("Response size: " + path + " ", StringComparison.Ordinal));
            sizes[path] = line[(line.IndexOf("Response size: " + path + " ", StringComparison.Ordinal) + ("Response size: " + path + " ").Length)..].Trim();
        }

        return new Observed(spies.ToDictionary(p => p.Key, p => p.Value.Path), bodies, sizes);
    }

    private sealed record Observed(Dictionary<string, string> Paths, Dictionary<string, byte[]> Bodies, Dictionary<string, string> Sizes);
}
