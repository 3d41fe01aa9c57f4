using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests.FeatureMatrix;

/// <summary>The matrix's data: one observation per row and set-up, plus raw numbers for the test output.</summary>
public sealed class MatrixResult
{
    public required IReadOnlyDictionary<(MatrixRow Row, SetUp SetUp), Observation> Cells { get; init; }

    public required IReadOnlyList<string> RawNotes { get; init; }

    public Observation this[MatrixRow row, SetUp setUp] => Cells[(row, setUp)];
}

/// <summary>
/// Starts one Kestrel host per set-up and protocol (the set-up's middleware in front of the same endpoints),
/// drives every row through every set-up from a real client and collects the observations.
/// </summary>
internal sealed class MatrixRunner : IAsyncDisposable
{
    /// <summary>The longest a client waits for one cell before it records a timeout.</summary>
    private static readonly TimeSpan ClientPatience = TimeSpan.FromSeconds(30);

    private readonly MatrixHarness _harness = new();
    private readonly Dictionary<(SetUp, Protocol), KestrelHost> _hosts = new();
    private readonly List<string> _notes = new();
    private readonly string _sendFilePath;

    private MatrixRunner(string sendFilePath)
    {
        _sendFilePath = sendFilePath;
    }

    public static Task<MatrixResult> RunAsync() => Task.Run(async () =>
    {
        // Off the test framework's synchronization context: the cells run concurrently on the thread pool.
        var file = Path.Combine(Path.GetTempPath(), $"snoop-feature-matrix-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(file, Enumerable.Range(0, Endpoints.SendFileSize).Select(i => Endpoints.FileByte(i)).ToArray());
        try
        {
            await using var runner = new MatrixRunner(file);
            return await runner.RunCoreAsync();
        }
        finally
        {
            File.Delete(file);
        }
    });

    private async Task<MatrixResult> RunCoreAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var starts = new List<Task>();
        foreach (var setUp in SetUps.All)
        {
            foreach (var protocol in new[] { Protocol.Http1, Protocol.Http2 })
            {
                starts.Add(StartHostAsync(setUp, protocol));
            }
        }

        await Task.WhenAll(starts);

        var cells = new Dictionary<(MatrixRow, SetUp), Observation>();

        // Column by column; within a column the cells run concurrently, so the buffering set-up's bounded
        // handshake waits overlap. The sync-only wrapper blocks pool threads on every write: its cells go one
        // by one so that they cannot starve the pool.
        var rows = MatrixRow.All.Where(r => r.Endpoint != Endpoint.LargeDownload).ToArray();
        foreach (var setUp in SetUps.All)
        {
            if (setUp == SetUp.SyncOnlyWrapperStream)
            {
                foreach (var row in rows)
                {
                    cells[(row, setUp)] = await ProbeAsync(row, setUp);
                }
            }
            else
            {
                var observations = await Task.WhenAll(rows.Select(row => ProbeAsync(row, setUp)));
                for (var i = 0; i < rows.Length; i++)
                {
                    cells[(rows[i], setUp)] = observations[i];
                }
            }
        }

        // The large download measures process-wide allocations: one request at a time, nothing else running,
        // after a smaller warm-up request on the same host (JIT, pools, connection).
        foreach (var row in MatrixRow.All.Where(r => r.Endpoint == Endpoint.LargeDownload))
        {
            foreach (var setUp in SetUps.All)
            {
                await ProbeHttpAsync(row, setUp, Endpoints.WarmUpDownloadBytes, measure: false);
                cells[(row, setUp)] = await ProbeHttpAsync(row, setUp, Endpoints.DownloadBytes, measure: true);
            }
        }

        _notes.Add($"The matrix ran {cells.Count} cells in {clock.Elapsed.TotalSeconds:F1} s.");
        return new MatrixResult { Cells = cells, RawNotes = _notes };
    }

    private async Task StartHostAsync(SetUp setUp, Protocol protocol)
    {
        var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Use(_harness.InvokeAsync);
            app.UseWebSockets();
            app.Use(SetUps.Middleware(setUp));
            Endpoints.Map(app, _sendFilePath);
        });
        lock (_hosts)
        {
            _hosts[(setUp, protocol)] = host;
        }
    }

    private Task<Observation> ProbeAsync(MatrixRow row, SetUp setUp) =>
        row.Endpoint == Endpoint.WebSocket ? ProbeWebSocketAsync(row, setUp) : ProbeHttpAsync(row, setUp, Endpoints.DownloadBytes, measure: false);

    private async Task<Observation> ProbeHttpAsync(MatrixRow row, SetUp setUp, long downloadBytes, bool measure)
    {
        var host = _hosts[(setUp, row.Protocol)];
        var cell = new ServerCell(row, setUp, measure);
        var id = _harness.Register(cell);
        var isDownload = row.Endpoint == Endpoint.LargeDownload;
        var path = isDownload ? $"{row.Path}?bytes={downloadBytes}" : row.Path;
        var expected = isDownload ? null : ExpectedBody(row.Endpoint);
        var firstEventLength = FirstEventLength(row.Endpoint);

        using var request = new HttpRequestMessage(HttpMethod.Get, path)
        {
            Version = host.Client.DefaultRequestVersion,
            VersionPolicy = host.Client.DefaultVersionPolicy,
        };
        request.Headers.Add(MatrixHarness.CellHeader, id);
        using var timeout = new CancellationTokenSource(ClientPatience);

        int? status = null;
        var headers = "";
        var trailers = "";
        var clientError = "";
        long received = 0;
        var intact = true;
        var body = isDownload ? null : new MemoryStream();
        HttpResponseMessage? response = null;
        try
        {
            response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            headers = CanonicalHeaders(response);
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                if (body is null)
                {
                    for (var i = 0; i < read && intact; i++)
                    {
                        intact = buffer[i] == Endpoints.DownloadByte(received + i);
                    }
                }
                else
                {
                    body.Write(buffer, 0, read);
                }

                received += read;
                if (firstEventLength > 0 && received >= firstEventLength)
                {
                    cell.ClientReadFirst.Set();
                }
            }

            trailers = Canonical(response.TrailingHeaders);
        }
        catch (Exception exception)
        {
            clientError = DescribeClientError(exception);
        }
        finally
        {
            response?.Dispose();
        }

        intact = body is null
            ? intact && received == downloadBytes
            : body.ToArray().AsSpan().SequenceEqual(expected);

        await WaitForServerAsync(cell);
        var allocation = AllocationClass.NotMeasured;
        if (measure)
        {
            allocation = cell.Allocated is { } allocated ? AllocationClass.Of(allocated, downloadBytes) : "not recorded";
            lock (_notes)
            {
                _notes.Add($"{row} / {SetUps.Title(setUp)}: {cell.Allocated:N0} bytes allocated during the {downloadBytes:N0}-byte download");
            }
        }

        return new Observation(cell.Streamed, status, received, intact, headers, trailers, clientError, cell.ServerError, cell.ServerPath, allocation, Detail: "");
    }

    private async Task<Observation> ProbeWebSocketAsync(MatrixRow row, SetUp setUp)
    {
        var host = _hosts[(setUp, row.Protocol)];
        var cell = new ServerCell(row, setUp, measureAllocations: false);
        var id = _harness.Register(cell);
        using var timeout = new CancellationTokenSource(ClientPatience);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(MatrixHarness.CellHeader, id);
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(host.BaseAddress) { Scheme = "ws", Path = row.Path }.Uri;

        int? status = null;
        var headers = "";
        var clientError = "";
        var echo = new MemoryStream();
        var detail = "";
        try
        {
            if (row.Protocol == Protocol.Http2)
            {
                // RFC 8441: WebSocket over an HTTP/2 stream (extended CONNECT), h2c with prior knowledge.
                socket.Options.HttpVersion = HttpVersion.Version20;
                socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
                using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
                await socket.ConnectAsync(uri, invoker, timeout.Token);
            }
            else
            {
                await socket.ConnectAsync(uri, timeout.Token);
            }

            status = (int)socket.HttpStatusCode;
            headers = socket.HttpResponseHeaders is { } responseHeaders && responseHeaders.TryGetValue("Upgrade", out var upgrade)
                ? $"Upgrade: {string.Join(",", upgrade)}"
                : "";
            await socket.SendAsync(Endpoints.WebSocketMessage, WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
            var buffer = new byte[1024];
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
                echo.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            detail = $"closed {socket.CloseStatus}";
        }
        catch (Exception exception)
        {
            status ??= socket.HttpStatusCode == 0 ? null : (int)socket.HttpStatusCode;
            clientError = DescribeClientError(exception);
        }

        await WaitForServerAsync(cell);
        var intact = echo.ToArray().AsSpan().SequenceEqual(Endpoints.WebSocketMessage);
        return new Observation(cell.Streamed, status, echo.Length, intact, headers, Trailers: "", clientError, cell.ServerError, cell.ServerPath, AllocationClass.NotMeasured, detail);
    }

    private static async Task WaitForServerAsync(ServerCell cell)
    {
        // The client can have everything before the pipeline returns (Content-Length responses): wait for it.
        try
        {
            await cell.Done.WaitAsync(ClientPatience);
        }
        catch (TimeoutException)
        {
            cell.ServerError = "the pipeline did not finish";
        }
    }

    private static byte[] ExpectedBody(Endpoint endpoint) => endpoint switch
    {
        Endpoint.Sse => Endpoints.SseBody,
        Endpoint.SendFile => Endpoints.SendFileRange(),
        Endpoint.JsonBodyWriter => Endpoints.JsonBody,
        Endpoint.Trailers => Endpoints.TrailersBody,
        Endpoint.ExceptionAfterStart => System.Text.Encoding.UTF8.GetBytes(Endpoints.PartialBody),
        Endpoint.AsyncOnlyNoSyncIO => Endpoints.AsyncOnlyBody,
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
    };

    private static int FirstEventLength(Endpoint endpoint) => endpoint switch
    {
        Endpoint.Sse => Endpoints.SseFirstEvent.Length,
        Endpoint.ExceptionAfterStart => Endpoints.PartialBody.Length,
        _ => 0,
    };

    private static string CanonicalHeaders(HttpResponseMessage response)
    {
        var parts = new List<string>();
        if (response.Content.Headers.ContentType is { } contentType)
        {
            parts.Add($"Content-Type: {contentType}");
        }

        if (response.Content.Headers.ContentLength is { } length)
        {
            parts.Add($"Content-Length: {length}");
        }

        if (response.Headers.TransferEncodingChunked == true)
        {
            parts.Add("Transfer-Encoding: chunked");
        }

        if (response.Headers.Trailer.Count > 0)
        {
            parts.Add($"Trailer: {string.Join(",", response.Headers.Trailer)}");
        }

        if (response.Headers.TryGetValues("X-Unflushed-Bytes", out var unflushed))
        {
            parts.Add($"X-Unflushed-Bytes: {string.Join(",", unflushed)}");
        }

        return string.Join("; ", parts);
    }

    private static string Canonical(HttpResponseHeaders headers) =>
        string.Join("; ", headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => $"{h.Key.ToLowerInvariant()}: {string.Join(",", h.Value)}"));

    private static string DescribeClientError(Exception exception) => exception switch
    {
        HttpProtocolException protocol => $"HttpProtocolException({protocol.HttpRequestError}, code 0x{protocol.ErrorCode:x})",
        HttpIOException io => $"HttpIOException({io.HttpRequestError})",
        HttpRequestException request => $"HttpRequestException({request.HttpRequestError})",
        WebSocketException webSocket => $"WebSocketException({webSocket.WebSocketErrorCode})",
        OperationCanceledException => "client timed out",
        _ => exception.GetType().Name,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            await host.DisposeAsync();
        }
    }
}
