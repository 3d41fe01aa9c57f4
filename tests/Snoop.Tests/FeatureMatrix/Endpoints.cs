using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Snoop.Tests.FeatureMatrix;

/// <summary>
/// The endpoints, identical under every set-up, and the bytes each one is expected to deliver. Handlers that
/// probe streaming write and flush a first event, then wait (bounded) for the client to say it has read it.
/// </summary>
internal static class Endpoints
{
    /// <summary>How long a handler waits for the client to read its first event before it records "did not stream".</summary>
    public static readonly TimeSpan HandshakePatience = TimeSpan.FromSeconds(5);

    public const int DownloadChunk = 64 * 1024;
    public const long DownloadBytes = 8L * 1024 * 1024;
    public const long WarmUpDownloadBytes = 1L * 1024 * 1024;

    public const long SendFileOffset = 1000;
    public const long SendFileCount = 100_000;
    public const int SendFileSize = 256 * 1024;

    public const string TrailerName = "x-checksum";
    public const string TrailerValue = "sha256-of-nothing";

    public const string SseFirstEvent = "data: first\n\n";
    public const string SseRest = "data: second\n\ndata: third\n\n";
    public static readonly byte[] SseBody = Encoding.UTF8.GetBytes(SseFirstEvent + SseRest);

    public const string PartialBody = "partial body, then the handler throws\n";
    public static readonly byte[] TrailersBody = "body followed by a trailer\n"u8.ToArray();
    public static readonly byte[] AsyncOnlyBody = "written with WriteAsync only\n"u8.ToArray();
    public static readonly byte[] WebSocketMessage = "ping over the upgraded connection"u8.ToArray();

    public static readonly IReadOnlyList<Item> JsonPayload = Enumerable.Range(0, 3000)
        .Select(i => new Item(i, $"item {i}", [$"tag{i % 7}", $"group{i % 13}"]))
        .ToArray();

    public static readonly byte[] JsonBody = JsonSerializer.SerializeToUtf8Bytes(JsonPayload);

    public static string PathOf(Endpoint endpoint) => endpoint switch
    {
        Endpoint.Sse => "/sse",
        Endpoint.LargeDownload => "/download",
        Endpoint.SendFile => "/send-file",
        Endpoint.JsonBodyWriter => "/json",
        Endpoint.Trailers => "/trailers",
        Endpoint.WebSocket => "/ws",
        Endpoint.ExceptionAfterStart => "/throw-after-start",
        Endpoint.AsyncOnlyNoSyncIO => "/async-only",
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
    };

    /// <summary>
    /// The byte at <paramref name="position"/> of the large download: printable ASCII (a text export, which a
    /// logging middleware decodes cheaply), shifted per chunk so that reordered chunks show.
    /// </summary>
    public static byte DownloadByte(long position) => (byte)('!' + (((position % DownloadChunk) + (position / DownloadChunk)) % 89));

    /// <summary>The byte at <paramref name="position"/> of the file the send-file endpoint sends a range of.</summary>
    public static byte FileByte(long position) => (byte)((position * 31 + 7) % 253);

    public static byte[] SendFileRange()
    {
        var range = new byte[SendFileCount];
        for (var i = 0; i < range.Length; i++)
        {
            range[i] = FileByte(SendFileOffset + i);
        }

        return range;
    }

    public static void Map(WebApplication app, string sendFilePath)
    {
        app.Map(PathOf(Endpoint.Sse), SseAsync);
        app.Map(PathOf(Endpoint.LargeDownload), DownloadAsync);
        app.Map(PathOf(Endpoint.SendFile), context => SendFileAsync(context, sendFilePath));
        app.Map(PathOf(Endpoint.JsonBodyWriter), JsonAsync);
        app.Map(PathOf(Endpoint.Trailers), TrailersAsync);
        app.Map(PathOf(Endpoint.WebSocket), WebSocketEchoAsync);
        app.Map(PathOf(Endpoint.ExceptionAfterStart), ThrowAfterStartAsync);
        app.Map(PathOf(Endpoint.AsyncOnlyNoSyncIO), AsyncOnlyAsync);
    }

    private static async Task SseAsync(HttpContext context)
    {
        var cell = MatrixHarness.CellOf(context);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(SseFirstEvent);
        await context.Response.Body.FlushAsync();
        cell.Streamed = await cell.ClientReadFirst.WaitAsync(HandshakePatience);
        await context.Response.WriteAsync(SseRest);
    }

    private static async Task DownloadAsync(HttpContext context)
    {
        var total = long.Parse(context.Request.Query["bytes"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/plain; charset=utf-8";
        var chunk = new byte[DownloadChunk];
        for (long written = 0; written < total; written += chunk.Length)
        {
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = DownloadByte(written + i);
            }

            await context.Response.Body.WriteAsync(chunk);
        }
    }

    private static async Task SendFileAsync(HttpContext context, string path)
    {
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = SendFileCount;
        await context.Response.SendFileAsync(path, SendFileOffset, SendFileCount);
    }

    private static async Task JsonAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers["X-Unflushed-Bytes"] = context.Response.BodyWriter.CanGetUnflushedBytes ? "supported" : "not supported";
        await JsonSerializer.SerializeAsync(context.Response.BodyWriter, JsonPayload);
    }

    private static async Task TrailersAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain";
        context.Response.DeclareTrailer(TrailerName);
        await context.Response.Body.WriteAsync(TrailersBody);
        if (context.Response.SupportsTrailers())
        {
            context.Response.AppendTrailer(TrailerName, TrailerValue);
        }
    }

    private static async Task WebSocketEchoAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[1024];
        var length = 0;
        ValueWebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
            length += received.Count;
        }
        while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

        if (received.MessageType != WebSocketMessageType.Close)
        {
            await socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
            received = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        }

        if (received.MessageType == WebSocketMessageType.Close)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }

    private static async Task ThrowAfterStartAsync(HttpContext context)
    {
        var cell = MatrixHarness.CellOf(context);
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(PartialBody);
        await context.Response.Body.FlushAsync();
        cell.Streamed = await cell.ClientReadFirst.WaitAsync(HandshakePatience);
        throw new InvalidOperationException("The handler failed after the response started.");
    }

    private static async Task AsyncOnlyAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain";
        await context.Response.Body.WriteAsync(AsyncOnlyBody);
    }

    public sealed record Item(int Id, string Name, string[] Tags);
}
