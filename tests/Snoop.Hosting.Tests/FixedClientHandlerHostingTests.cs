using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Snoop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Snoop.Hosting.Tests;

/// <summary>The memory numbers count every allocation of the process: no other test may run meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClientHandlerAllocationCollection
{
    public const string Name = "Client handler allocations (runs alone)";
}

/// <summary>
/// Proof through a real client: a naive response-logging <c>DelegatingHandler</c> (SNOOP008) is compiled as written, then
/// fixed through the workspace API and compiled from the fix's output, and an <c>HttpClient</c> goes through each to a
/// Kestrel endpoint serving gzip-encoded JSON with content headers. The naive handler loses the headers (and, when the
/// client does not decompress, corrupts the gzip bytes); the fixed one hands every header and byte to the caller and
/// still sees the body itself.
/// </summary>
[Collection(ClientHandlerAllocationCollection.Name)]
public class FixedClientHandlerHostingTests(ITestOutputHelper output)
{
    private const string Json = """{"city":"Zürich","price":"12 €","items":[1,2,3]}""";
    private const string ContentType = "application/json; charset=utf-8";
    private const string Disposition = "attachment; filename=\"report.json\"";
    private static readonly DateTimeOffset LastModified = new(2026, 10, 21, 7, 28, 0, TimeSpan.Zero);
    private static readonly byte[] Gzipped = Gzip(Encoding.UTF8.GetBytes(Json));

    private const int LargeBodyBytes = 16 * 1024 * 1024;
    private static readonly byte[] LargeBody = MakeLargeBody();

    private static readonly Lazy<Task<(Assembly Naive, Assembly Fixed, string FixedSource)>> s_handlers = new(BuildHandlersAsync);

    [Theory]
    [InlineData(Protocol.Http1)]
    [InlineData(Protocol.Http2)]
    public async Task FixedHandlerKeepsEveryHeaderAndByte_NaiveOneLosesThem_AutomaticDecompression(Protocol protocol)
    {
        var (naive, @fixed, _) = await s_handlers.Value;
        await using var host = await StartServerAsync(protocol);

        var before = await GetReportAsync(host, naive, DecompressionMethods.GZip);
        var after = await GetReportAsync(host, @fixed, DecompressionMethods.GZip);
        output.WriteLine($"naive: {before.Describe()}\nfixed: {after.Describe()}");

        // The naive handler: the content becomes text/plain and the other content headers vanish (the text itself survives here).
        Assert.Equal("text/plain; charset=utf-8", before.ContentType);
        Assert.Null(before.Disposition);
        Assert.Null(before.LastModified);
        Assert.Equal(Json, Encoding.UTF8.GetString(before.Bytes));

        // The fixed handler: every content header arrives, the bytes are the server's, and the handler still saw the body.
        Assert.Equal(ContentType, after.ContentType);
        Assert.Equal(Disposition, after.Disposition);
        Assert.Equal(LastModified, after.LastModified);
        Assert.Null(after.JsonError);
        Assert.Equal("Zürich", after.City);
        Assert.Equal(Encoding.UTF8.GetBytes(Json), after.Bytes);
        Assert.Equal(Json, after.HandlerSaw);
        Assert.Equal(before.HandlerSaw, after.HandlerSaw);
    }

    [Theory]
    [InlineData(Protocol.Http1)]
    [InlineData(Protocol.Http2)]
    public async Task FixedHandlerKeepsTheGzipBytesAndContentEncoding_NaiveOneCorruptsThem_NoDecompression(Protocol protocol)
    {
        var (naive, @fixed, _) = await s_handlers.Value;
        await using var host = await StartServerAsync(protocol);

        var before = await GetReportAsync(host, naive, DecompressionMethods.None);
        var after = await GetReportAsync(host, @fixed, DecompressionMethods.None);
        output.WriteLine($"naive: {before.Describe()}\nfixed: {after.Describe()}");

        // The naive handler decodes gzip bytes as UTF-8 text and re-encodes them: the caller gets neither the encoding nor the bytes.
        Assert.Empty(before.ContentEncoding);
        Assert.NotEqual(Gzipped, before.Bytes);
        Assert.NotEqual(Json, TryGunzip(before.Bytes));

        Assert.Equal(["gzip"], after.ContentEncoding);
        Assert.Equal(Gzipped.Length, after.ContentLength);
        Assert.Equal(Gzipped, after.Bytes);
        Assert.Equal(Json, TryGunzip(after.Bytes));
        Assert.Equal(ContentType, after.ContentType);
        Assert.Equal(Disposition, after.Disposition);
        Assert.Equal(LastModified, after.LastModified);

        // The handler reads the same (compressed) body either way.
        Assert.Equal(before.HandlerSaw, after.HandlerSaw);
    }

    [Fact]
    public async Task FixedHandlerRegisteredThroughIHttpClientFactory_KeepsEveryHeader()
    {
        var (naive, @fixed, _) = await s_handlers.Value;
        await using var host = await StartServerAsync(Protocol.Http1);

        var before = await GetThroughFactoryAsync(host, naive);
        var after = await GetThroughFactoryAsync(host, @fixed);

        Assert.Equal(("text/plain; charset=utf-8", (string?)null, (DateTimeOffset?)null), (before.ContentType, before.Disposition, before.LastModified));
        Assert.Equal((ContentType, Disposition, LastModified), (after.ContentType, after.Disposition, after.LastModified));
        Assert.Equal(Json, after.Body);
        Assert.Equal(Json, after.HandlerSaw);
    }

    [Fact]
    public async Task ResponseHeadersRead_LargeBody_MemoryBeforeAndAfterTheFix()
    {
        var (naive, @fixed, fixedSource) = await s_handlers.Value;
        output.WriteLine(fixedSource);
        await using var host = await StartServerAsync(Protocol.Http1);

        var before = await MeasureLargeAsync(host, naive);
        var after = await MeasureLargeAsync(host, @fixed);

        output.WriteLine($"ResponseHeadersRead, {LargeBodyBytes / (1024 * 1024)} MiB chunked body, allocated by the whole process (min of 3 runs):");
        output.WriteLine($"  naive handler: {Mib(before.UntilHeaders),8} MiB until SendAsync returned, {Mib(before.Total),8} MiB until the body was read; content type {before.ContentType}");
        output.WriteLine($"  fixed handler: {Mib(after.UntilHeaders),8} MiB until SendAsync returned, {Mib(after.Total),8} MiB until the body was read; content type {after.ContentType}");
        output.WriteLine("  (both handlers read the whole body to log it, so both buffer it before the caller gets the headers; the fix removes the string-to-StringContent copy, and keeps the headers)");

        // Not a timing: the bytes arrive whole and intact through both handlers, and only the fixed one keeps the content type.
        var expectedHash = Convert.ToHexString(SHA256.HashData(LargeBody));
        Assert.Equal(expectedHash, before.Hash);
        Assert.Equal(expectedHash, after.Hash);
        Assert.Equal("text/plain; charset=utf-8", before.ContentType);
        Assert.Equal("application/json; charset=utf-8", after.ContentType);
    }

    private static async Task<(Assembly Naive, Assembly Fixed, string FixedSource)> BuildHandlersAsync()
    {
        var fix = await FixApplier.FixAsync(NaiveClientSources.LoggingHandler, "SNOOP008");
        Assert.Equal(["SNOOP008: Buffer the original content with LoadIntoBufferAsync instead of replacing it"], fix.Applied);
        Assert.Empty(fix.Remaining);
        Assert.DoesNotContain("StringContent", fix.Source);
        // The tests run on .NET 10, whose HttpContent has LoadIntoBufferAsync(CancellationToken): the fix passes the handler's token.
        Assert.True(fix.Source.Contains("await response.Content.LoadIntoBufferAsync(cancellationToken);", StringComparison.Ordinal), fix.Source);

        var naive = FixApplier.Compile(NaiveClientSources.LoggingHandler, "handler_naive");
        var @fixed = FixApplier.Compile(fix.Source, "handler_fixed");
        return (naive, @fixed, fix.Source);
    }

    private static Task<KestrelHost> StartServerAsync(Protocol protocol) => KestrelHost.StartAsync(
        protocol,
        app =>
        {
            app.UseRouting();
            app.MapGet("/report", async (HttpContext context) =>
            {
                context.Response.ContentType = ContentType;
                context.Response.Headers.ContentEncoding = "gzip";
                context.Response.Headers.ContentDisposition = Disposition;
                context.Response.GetTypedHeaders().LastModified = LastModified;
                context.Response.ContentLength = Gzipped.Length;
                await context.Response.Body.WriteAsync(Gzipped);
            });
            app.MapGet("/large", async (HttpContext context) =>
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                for (var offset = 0; offset < LargeBody.Length; offset += 64 * 1024)
                {
                    await context.Response.Body.WriteAsync(LargeBody.AsMemory(offset, Math.Min(64 * 1024, LargeBody.Length - offset)));
                }
            });
        },
        services: services => services.AddRouting());

    private static async Task<Report> GetReportAsync(KestrelHost host, Assembly handlerAssembly, DecompressionMethods decompression)
    {
        var handler = CreateHandler(handlerAssembly, decompression);
        using var client = host.CreateClient(handler);
        using var response = await client.GetAsync("/report");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var headers = response.Content.Headers;
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Exception? jsonError = null;
        string? city = null;
        try
        {
            city = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("city").GetString();
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException)
        {
            jsonError = ex;
        }

        return new Report(
            headers.ContentType?.ToString(),
            headers.ContentEncoding.ToArray(),
            headers.ContentDisposition?.ToString(),
            headers.LastModified,
            headers.ContentLength,
            bytes,
            jsonError,
            city,
            (string?)handler.GetType().GetProperty("LastBody")!.GetValue(handler));
    }

    /// <summary>The handler as an application registers it: <c>AddHttpClient(...).AddHttpMessageHandler(...)</c>, the client from <c>IHttpClientFactory</c>.</summary>
    private static async Task<(string? ContentType, string? Disposition, DateTimeOffset? LastModified, string Body, string? HandlerSaw)> GetThroughFactoryAsync(KestrelHost host, Assembly handlerAssembly)
    {
        var handlerType = handlerAssembly.GetType(NaiveClientSources.HandlerType, throwOnError: true)!;
        DelegatingHandler? created = null;
        var services = new ServiceCollection();
        services.AddHttpClient("report", client => client.BaseAddress = host.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip })
            .AddHttpMessageHandler(() => created = (DelegatingHandler)Activator.CreateInstance(handlerType)!);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("report");
        using var response = await client.GetAsync("/report");
        var headers = response.Content.Headers;
        var body = await response.Content.ReadAsStringAsync();
        var saw = (string?)handlerType.GetProperty("LastBody")!.GetValue(created);
        return (headers.ContentType?.ToString(), headers.ContentDisposition?.ToString(), headers.LastModified, body, saw);
    }

    private static async Task<Measurement> MeasureLargeAsync(KestrelHost host, Assembly handlerAssembly)
    {
        Measurement? best = null;
        for (var run = 0; run < 3; run++)
        {
            using var client = host.CreateClient(CreateHandler(handlerAssembly, DecompressionMethods.None));
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var start = GC.GetTotalAllocatedBytes(precise: true);
            using var request = host.NewRequest(HttpMethod.Get, "/large");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var untilHeaders = GC.GetTotalAllocatedBytes(precise: true) - start;
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var sha = SHA256.Create();
            var hash = Convert.ToHexString(await sha.ComputeHashAsync(stream));
            var total = GC.GetTotalAllocatedBytes(precise: true) - start;
            var measurement = new Measurement(untilHeaders, total, hash, response.Content.Headers.ContentType?.ToString());
            if (best is null || measurement.Total < best.Total)
            {
                best = measurement;
            }
        }

        return best!;
    }

    private static DelegatingHandler CreateHandler(Assembly handlerAssembly, DecompressionMethods decompression)
    {
        var handler = (DelegatingHandler)Activator.CreateInstance(handlerAssembly.GetType(NaiveClientSources.HandlerType, throwOnError: true)!)!;
        handler.InnerHandler = new SocketsHttpHandler { AutomaticDecompression = decompression };
        return handler;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>The text of gunzipped <paramref name="data"/>, or null when it is not valid gzip.</summary>
    private static string? TryGunzip(byte[] data)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static byte[] MakeLargeBody()
    {
        var builder = new StringBuilder(LargeBodyBytes);
        builder.Append('[');
        for (var i = 0; builder.Length < LargeBodyBytes - 64; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append("{\"row\":").Append(i).Append(",\"text\":\"lorem ipsum\"}");
        }

        builder.Append(']');
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Report(
        string? ContentType,
        string[] ContentEncoding,
        string? Disposition,
        DateTimeOffset? LastModified,
        long? ContentLength,
        byte[] Bytes,
        Exception? JsonError,
        string? City,
        string? HandlerSaw)
    {
        public string Describe()
            => $"Content-Type={ContentType ?? "-"}, Content-Encoding={string.Join(",", ContentEncoding)}, Content-Disposition={Disposition ?? "-"}, "
                + $"Last-Modified={LastModified?.ToString("R") ?? "-"}, Content-Length={ContentLength}, {Bytes.Length} bytes, json={(JsonError is null ? City : JsonError.GetType().Name)}";
    }

    private sealed record Measurement(long UntilHeaders, long Total, string Hash, string? ContentType);
}
