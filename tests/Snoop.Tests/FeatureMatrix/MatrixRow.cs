using Snoop.Tests.Infrastructure;

namespace Snoop.Tests.FeatureMatrix;

/// <summary>The endpoints every set-up is driven through.</summary>
public enum Endpoint
{
    Sse,
    LargeDownload,
    SendFile,
    JsonBodyWriter,
    Trailers,
    WebSocket,
    ExceptionAfterStart,
    AsyncOnlyNoSyncIO,
}

/// <summary>One row of the matrix: an endpoint over a protocol.</summary>
public sealed record MatrixRow(Endpoint Endpoint, Protocol Protocol)
{
    /// <summary>The rows, in document order. Trailers need HTTP/2; WebSockets run over both (HTTP/1.1 upgrade, HTTP/2 extended CONNECT).</summary>
    public static readonly IReadOnlyList<MatrixRow> All =
    [
        new(Endpoint.Sse, Protocol.Http1),
        new(Endpoint.Sse, Protocol.Http2),
        new(Endpoint.LargeDownload, Protocol.Http1),
        new(Endpoint.LargeDownload, Protocol.Http2),
        new(Endpoint.SendFile, Protocol.Http1),
        new(Endpoint.SendFile, Protocol.Http2),
        new(Endpoint.JsonBodyWriter, Protocol.Http1),
        new(Endpoint.JsonBodyWriter, Protocol.Http2),
        new(Endpoint.Trailers, Protocol.Http2),
        new(Endpoint.WebSocket, Protocol.Http1),
        new(Endpoint.WebSocket, Protocol.Http2),
        new(Endpoint.ExceptionAfterStart, Protocol.Http1),
        new(Endpoint.ExceptionAfterStart, Protocol.Http2),
        new(Endpoint.AsyncOnlyNoSyncIO, Protocol.Http1),
        new(Endpoint.AsyncOnlyNoSyncIO, Protocol.Http2),
    ];

    public string Path => Endpoints.PathOf(Endpoint);

    public string Title => Endpoint switch
    {
        Endpoint.Sse => "SSE stream",
        Endpoint.LargeDownload => $"{Endpoints.DownloadBytes / (1024 * 1024)} MiB download ({Endpoints.DownloadChunk / 1024} KiB writes)",
        Endpoint.SendFile => "`SendFileAsync` range",
        Endpoint.JsonBodyWriter => "JSON via `BodyWriter`",
        Endpoint.Trailers => "Trailers (`AppendTrailer`)",
        Endpoint.WebSocket => "WebSocket echo",
        Endpoint.ExceptionAfterStart => "Exception after start",
        Endpoint.AsyncOnlyNoSyncIO => "`AllowSynchronousIO = false`, async-only handler",
        _ => throw new InvalidOperationException(),
    };

    public string ProtocolName => Protocol == Protocol.Http2 ? "h2c" : "HTTP/1.1";

    public override string ToString() => $"{Endpoint} over {ProtocolName}";
}
