using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Snoop.Package.Tests.Infrastructure;

namespace Snoop.Package.Tests.Ide;

/// <summary>
/// The client half of the Language Server Protocol, as an editor speaks it over a server's stdio: JSON-RPC
/// messages framed by a Content-Length header. Answers the server's own requests (workspace/configuration
/// with the settings it was given, everything else with null) and records its notifications.
/// </summary>
public sealed class LspClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly Func<string?, JsonNode?> _configuration;
    private readonly StringBuilder _log = new();
    private readonly Task _reader;
    private int _nextId;

    private LspClient(Process process, Func<string?, JsonNode?> configuration)
    {
        _process = process;
        _configuration = configuration;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        process.ErrorDataReceived += (_, e) => Log("stderr: " + e.Data);
        process.BeginErrorReadLine();
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Every configuration section the server asked for, in order.</summary>
    public ConcurrentQueue<string?> ConfigurationRequests { get; } = new();

    /// <summary>The server's log messages, stderr and the methods of its requests and notifications.</summary>
    public string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    /// <summary>Starts <paramref name="server"/> over stdio in <paramref name="workingDirectory"/>.</summary>
    public static LspClient Start(string server, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, Func<string?, JsonNode?> configuration)
    {
        var info = DotNet.CreateStartInfo(server, arguments, workingDirectory, environment);
        info.RedirectStandardInput = true;
        info.StandardOutputEncoding = null;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + server);
        return new LspClient(process, configuration);
    }

    /// <summary>Sends a request and waits (bounded) for its response's result; throws on an error response.</summary>
    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var response = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = response;
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        var winner = await Task.WhenAny(response.Task, Task.Delay(timeout));
        if (winner != response.Task)
        {
            _pending.TryRemove(id, out _);
            throw new TimeoutException($"{method} got no response within {timeout}.\n{Log()}");
        }

        return await response.Task;
    }

    public Task NotifyAsync(string method, JsonNode? parameters)
        => SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using var polite = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await RequestAsync("shutdown", null, TimeSpan.FromSeconds(5));
                    await NotifyAsync("exit", null);
                    await _process.WaitForExitAsync(polite.Token);
                }
                catch (Exception e) when (e is TimeoutException or OperationCanceledException or IOException)
                {
                }
            }
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }

    private async Task SendAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeLock.WaitAsync();
        try
        {
            await _input.WriteAsync(header);
            await _input.WriteAsync(body);
            await _input.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await ReadMessageAsync() is { } message)
            {
                await DispatchAsync(message);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or JsonException)
        {
            Log("reader stopped: " + e.Message);
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new IOException("The language server closed its output.\n" + Log()));
        }
    }

    private async Task DispatchAsync(JsonObject message)
    {
        var method = message["method"]?.GetValue<string>();
        var id = message["id"];
        if (method is null && id is not null)
        {
            // A response to one of our requests.
            if (_pending.TryRemove(id.GetValue<int>(), out var pending))
            {
                if (message["error"] is { } error)
                {
                    pending.TrySetException(new InvalidOperationException("LSP error: " + error.ToJsonString()));
                }
                else
                {
                    pending.TrySetResult(message["result"]?.DeepClone());
                }
            }

            return;
        }

        if (method == "window/logMessage" || method == "window/showMessage")
        {
            Log("log: " + message["params"]?["message"]?.GetValue<string>());
        }
        else
        {
            Log("server: " + method);
        }

        if (id is null)
        {
            return;
        }

        // A request from the server: answer it as an editor would.
        JsonNode? result = null;
        if (method == "workspace/configuration")
        {
            var answers = new JsonArray();
            foreach (var item in message["params"]?["items"]?.AsArray() ?? [])
            {
                var section = item?["section"]?.GetValue<string>();
                ConfigurationRequests.Enqueue(section);
                answers.Add(_configuration(section));
            }

            result = answers;
        }

        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
    }

    private async Task<JsonObject?> ReadMessageAsync()
    {
        var length = -1;
        while (true)
        {
            var line = await ReadHeaderLineAsync();
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (length < 0)
        {
            throw new IOException("A message without Content-Length.");
        }

        var body = new byte[length];
        await _output.ReadExactlyAsync(body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private async Task<string?> ReadHeaderLineAsync()
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _output.ReadAsync(one) == 0)
            {
                return null;
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }
    }

    private void Log(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
